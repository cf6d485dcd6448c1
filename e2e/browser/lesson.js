// What the browser test expects of a lesson, read from the notebook JSON
// (never from committed outputs, which CI does not trust): which code cells
// run, which are tagged raises-exception, and which draw.
'use strict';

const fs = require('node:fs');

// A cell draws when its top-level code calls a plotting entry point. This is
// e2e/lessons/check_outputs.py's rule, widened to display.ImageScaled and
// friends, which also put a PNG under the cell.
const DRAWS = /\b(chart\.[A-Z]\w*\(|display\.(Plot|Image)\w*\(|trainview\.Train\()/;

// topLevel drops comment lines and func declarations (gofmt puts their
// closing brace at column 0): a helper that draws is not a cell that draws.
function topLevel(src) {
  const code = src
    .split('\n')
    .filter(l => !l.trimStart().startsWith('//'))
    .join('\n');
  return code.replace(/^func [\s\S]*?^}/gm, '');
}

const sourceOf = cell => (Array.isArray(cell.source) ? cell.source.join('') : cell.source || '');

// expectations returns, for the code cells in notebook order (index = the
// position among code cells, as in the page's .code_cell list):
// {cells: [{index, runs, raises, draws}], kernel}.
function expectations(file) {
  let nb;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`browser: reading lesson ${file}: ${e.message}`);
  }
  if (!Array.isArray(nb.cells)) throw new Error(`browser: ${file} is not a notebook (no cells)`);
  const cells = nb.cells
    .filter(c => c.cell_type === 'code')
    .map((c, index) => {
      const src = sourceOf(c);
      const tags = (c.metadata && c.metadata.tags) || [];
      return {
        index,
        // The classic notebook does not send empty cells to the kernel.
        runs: src.trim() !== '',
        raises: tags.includes('raises-exception'),
        draws: DRAWS.test(topLevel(src)) && !tags.includes('no-image')
      };
    });
  const kernel = nb.metadata && nb.metadata.kernelspec ? nb.metadata.kernelspec.name : undefined;
  return { cells, kernel };
}

module.exports = { expectations, topLevel, DRAWS };

// Table-driven checks of what the browser test expects of a lesson.
//
//   node --test lesson_test.js
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');
const { expectations } = require('./lesson');

const code = (source, tags) => ({ cell_type: 'code', source, metadata: tags ? { tags } : {}, outputs: [] });

test('expectations', async t => {
  const cases = [
    { name: 'chart call draws', cell: code('chart.Lines("t", "x", "y")'), want: { runs: true, raises: false, draws: true } },
    { name: 'display.ImageScaled draws', cell: code(['img := f()\n', 'display.ImageScaled(img, 4)']), want: { draws: true } },
    { name: 'trainview.Train draws', cell: code('trainview.Train(net, opts)'), want: { draws: true } },
    { name: 'a helper that draws is not a drawing cell',
      cell: code('func show() {\n\tdisplay.Plot(p)\n}\nx := 1'), want: { draws: false } },
    { name: 'a comment does not draw', cell: code('// chart.Lines(...) would draw\nx := 1'), want: { draws: false } },
    { name: 'no-image tag', cell: code('chart.Lines("t", "x", "y")', ['no-image']), want: { draws: false } },
    { name: 'raises-exception tag', cell: code('panic(1)', ['raises-exception']), want: { raises: true, draws: false } },
    { name: 'empty cell does not run', cell: code(' \n'), want: { runs: false } },
    { name: 'plain value', cell: code('x + 1'), want: { runs: true, raises: false, draws: false } }
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocell-lesson-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const c of cases) {
    await t.test(c.name, () => {
      const file = path.join(dir, 'nb.ipynb');
      const nb = {
        cells: [{ cell_type: 'markdown', source: 'chart.Lines(', metadata: {} }, c.cell],
        metadata: { kernelspec: { name: 'gocell' } }
      };
      fs.writeFileSync(file, JSON.stringify(nb));
      const got = expectations(file);
      assert.strictEqual(got.kernel, 'gocell');
      assert.strictEqual(got.cells.length, 1, 'markdown cells are not code cells');
      for (const [k, v] of Object.entries(c.want)) assert.strictEqual(got.cells[0][k], v, k);
    });
  }
  await t.test('not a notebook', () => {
    const file = path.join(dir, 'bad.ipynb');
    fs.writeFileSync(file, '{"nbformat": 4}');
    assert.throws(() => expectations(file), /not a notebook/);
    fs.writeFileSync(file, '{');
    assert.throws(() => expectations(file), /browser: reading lesson/);
  });
});

// Browser test: a learner's view. Debian's classic Jupyter Notebook server
// serves a lesson, headless Chromium (Debian's, driven by playwright-core;
// no browser is ever downloaded) opens it with the token, waits for the
// kernel "Go (gocell)" to be idle, runs all cells from the Cell menu, waits
// until every code cell has its execution count and the kernel is idle
// again, and checks what the learner sees: counts in order, no error output
// except in cells tagged raises-exception (which must show theirs), every
// cell that draws shows a decoded inline image, at least two images in all.
// It saves a screenshot, then stops the browser and the server (and checks
// that the kernel went with it), even when a check failed.
//
//   JUPYTER_PATH=<prefix>/share/jupyter node notebook_test.js [lesson.ipynb]
//
// JUPYTER_PATH must hold the gocell kernelspec (test.sh installs one into a
// scratch prefix). GOCELL_BROWSER_LESSON picks another lesson,
// GOCELL_TEST_TIMEOUT (seconds, default 120) bounds each wait,
// GOCELL_BROWSER_SCREENSHOT (default /tmp/gocell-browser.png) is where a copy
// of the screenshot goes.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { Tally, processTree, waitGone, freePort, sleep } = require('../clients/nodeharness');
const { expectations } = require('./lesson');

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 1000 * Number(process.env.GOCELL_TEST_TIMEOUT || 120);
const LESSON = path.resolve(
  process.argv[2] || process.env.GOCELL_BROWSER_LESSON || path.join(__dirname, '../../notebooks/01_tour.ipynb')
);
const COPY = process.env.GOCELL_BROWSER_SCREENSHOT || '/tmp/gocell-browser.png';

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// startServer runs the classic notebook server on a free loopback port with
// a random token and its own root, config, data and runtime folders, so
// nothing of the machine's Jupyter setup but JUPYTER_PATH leaks in.
async function startServer(tmp, root) {
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const env = { ...process.env };
  for (const d of ['config', 'data', 'runtime']) {
    env[`JUPYTER_${d.toUpperCase()}_DIR`] = fs.mkdtempSync(path.join(tmp, `${d}-`));
  }
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const server = spawn(
    '/usr/bin/python3',
    ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
      '--port-retries=0', `--NotebookApp.token=${token}`, `--notebook-dir=${root}`,
      ...(process.getuid() === 0 ? ['--allow-root'] : [])],
    { env, stdio: ['ignore', log, log] }
  );
  const base = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`notebook server exited (${server.exitCode}); log in ${tmp}/server.log`);
    }
    try {
      const r = await fetch(`${base}api/kernelspecs`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) {
        const specs = await r.json();
        if (!specs.kernelspecs.gocell) {
          throw new Error(`the server sees no gocell kernelspec (JUPYTER_PATH=${process.env.JUPYTER_PATH})`);
        }
        break;
      }
    } catch (e) {
      if (e.message.includes('kernelspec')) throw e;
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the notebook server did not come up');
    await sleep(100);
  }
  return { server, base, token };
}

// stop ends a child we started: SIGTERM, then SIGKILL after a grace period.
async function stop(child, graceMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const ok = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!ok && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
}

// The page-side state the waits and checks read, from the classic UI's
// DOM and its Jupyter global.
function pageState() {
  const nb = window.Jupyter && window.Jupyter.notebook;
  const kernel = nb && nb.kernel;
  const icon = document.querySelector('#kernel_indicator_icon');
  const cells = [...document.querySelectorAll('#notebook-container .cell.code_cell')].map(el => {
    const prompt = (el.querySelector('.input_prompt') || {}).textContent || '';
    const m = /\[(\d+)\]/.exec(prompt);
    const imgs = [...el.querySelectorAll('.output_png img, .output_html img[src^="data:image/png"]')];
    return {
      count: m ? Number(m[1]) : null,
      running: prompt.includes('*'),
      errors: el.querySelectorAll('.output_error').length,
      errorText: [...el.querySelectorAll('.output_error')].map(e => e.textContent.trim().slice(0, 200)),
      images: imgs.length,
      decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length
    };
  });
  return {
    ready: !!(kernel && kernel.is_connected && kernel.is_connected()),
    kernelName: kernel ? kernel.name : null,
    displayName: (document.querySelector('.kernel_indicator_name') || {}).textContent || '',
    language: kernel && kernel.info_reply && kernel.info_reply.language_info
      ? kernel.info_reply.language_info.name : null,
    idle: !!(icon && icon.classList.contains('kernel_idle_icon')),
    cells
  };
}

async function waitFor(page, what, pred) {
  const deadline = Date.now() + TIMEOUT;
  let st;
  for (;;) {
    st = await page.evaluate(pageState);
    if (pred(st)) return st;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${TIMEOUT / 1000}s`);
    await sleep(200);
  }
}

async function main() {
  const tally = new Tally('browser');
  const want = expectations(LESSON);
  const name = path.basename(LESSON);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocell-browser-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(root);
  // Lessons write scratch files next to themselves: run a copy.
  fs.copyFileSync(LESSON, path.join(root, name));
  let srv;
  let context;
  let page;
  let opened = false;
  let st;
  const pageErrors = [];
  const outside = [];
  try {
    opened = await tally.run(`classic notebook opens ${name}, kernel "Go (gocell)" idle`, async () => {
      assert(process.env.JUPYTER_PATH, 'JUPYTER_PATH is not set (it must hold the gocell kernelspec)');
      assert(want.kernel === 'gocell', `${name} asks for kernel ${want.kernel}, not gocell`);
      assert(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`);
      srv = await startServer(tmp, root);
      // A fresh profile in our temp folder, removed with it.
      context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run'],
        viewport: { width: 1280, height: 1600 },
        timeout: TIMEOUT
      });
      // Everything the page needs is on the server: refuse anything else.
      await context.route(u => !u.href.startsWith(srv.base) && !u.protocol.startsWith('data'), r => {
        outside.push(r.request().url());
        return r.abort();
      });
      page = context.pages()[0] || (await context.newPage());
      page.on('pageerror', e => pageErrors.push(e.message));
      await page.goto(`${srv.base}notebooks/${encodeURIComponent(name)}?token=${srv.token}`, { timeout: TIMEOUT });
      st = await waitFor(page, 'kernel connected and idle', s => s.ready && s.idle && s.language);
      assert(st.kernelName === 'gocell', `kernel is ${st.kernelName}`);
      assert(st.displayName.trim() === 'Go (gocell)', `kernel indicator says ${JSON.stringify(st.displayName)}`);
      assert(st.language === 'go', `kernel_info language is ${st.language}`);
      assert(st.cells.length === want.cells.length,
        `page shows ${st.cells.length} code cells, the notebook has ${want.cells.length}`);
    });
    if (!opened) return tally;
    const started = Date.now();

    await tally.run('Cell → Run All runs every code cell, counts in order, kernel idle', async () => {
      await page.click('#celllink');
      await page.click('#run_all_cells');
      const runs = want.cells.filter(c => c.runs);
      // Run All marks every cell running at once; the run is over when none
      // is and the kernel is idle. Cells the kernel aborted have no count.
      st = await waitFor(page, 'Run All finished and kernel idle', s =>
        s.idle && s.cells.some(c => c.count !== null) && !s.cells.some(c => c.running));
      console.log(`     ran ${runs.length} cells in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      const notRun = runs.filter(c => st.cells[c.index].count === null).map(c => c.index);
      assert(!notRun.length, `code cells without an execution count: ${notRun.join(',')}`);
      const counts = runs.map(c => st.cells[c.index].count);
      for (let i = 1; i < counts.length; i++) {
        assert(counts[i] > counts[i - 1], `execution counts not in cell order (cells aborted?): ${counts.join(',')}`);
      }
    });

    await tally.run('no cell shows an error, except the cells tagged raises-exception', async () => {
      const bad = want.cells
        .filter(c => !c.raises && st.cells[c.index].errors)
        .map(c => `code cell ${c.index}: ${st.cells[c.index].errorText[0]}`);
      assert(!bad.length, bad.join('; '));
      const silent = want.cells.filter(c => c.raises && !st.cells[c.index].errors).map(c => c.index);
      assert(!silent.length, `cells tagged raises-exception show no error: ${silent.join(',')}`);
    });

    await tally.run('plots appear as inline images', async () => {
      // Images decode asynchronously: give the last ones a moment.
      st = await waitFor(page, 'images decoded', s => s.cells.every(c => c.decoded === c.images));
      const drawing = want.cells.filter(c => c.draws);
      const missing = drawing.filter(c => !st.cells[c.index].decoded).map(c => c.index);
      assert(!missing.length, `cells that draw show no image: code cells ${missing.join(',')}`);
      const total = st.cells.reduce((n, c) => n + c.decoded, 0);
      const need = Math.max(2, drawing.length);
      assert(total >= need, `${total} inline images, want at least ${need}`);
      console.log(`     ${total} inline images; ${drawing.length} cells draw`);
    });

    await tally.run('the page loads nothing from outside the server and throws nothing', async () => {
      assert(!outside.length, `requests outside the server: ${outside.slice(0, 3).join(', ')}`);
      assert(!pageErrors.length, `page errors: ${pageErrors.slice(0, 3).join('; ')}`);
    });

    await tally.run('screenshot saved', async () => {
      // Show the plots: scroll the last image to the bottom of the view.
      await page.evaluate(() => {
        const imgs = document.querySelectorAll('.output_png img, .output_html img');
        if (imgs.length) imgs[imgs.length - 1].scrollIntoView({ block: 'end' });
      });
      const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gocell-screenshot-')), 'notebook.png');
      await page.screenshot({ path: shot });
      const size = fs.statSync(shot).size;
      assert(size > 10000, `screenshot is only ${size} bytes`);
      fs.copyFileSync(shot, COPY);
      console.log(`     screenshot: ${shot} (copy: ${COPY})`);
    });
  } catch (e) {
    tally.fail('unexpected', e);
  } finally {
    // Everything we started descends from this process: the browser, the
    // server and, under the server, the kernel.
    const ours = processTree(process.pid);
    ours.delete(process.pid);
    const kernels = srv ? processTree(srv.server.pid).size - 1 : 0;
    if (context) {
      await Promise.race([context.close().catch(() => {}), sleep(15000)]);
    }
    if (srv) await stop(srv.server, 15000);
    await tally.run('browser, server and kernel stopped', async () => {
      const left = await waitGone(ours, 10000);
      for (const p of left) {
        try {
          process.kill(p, 'SIGKILL');
        } catch (e) {
          // already gone
        }
      }
      assert(!left.length, `still running after stopping: ${left.join(',')}`);
      assert(!opened || kernels > 0, 'no kernel was seen under the server');
    });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return tally;
}

main().then(
  t => t.finish(),
  e => {
    console.log(`FAIL browser: ${e.message}`);
    console.log('browser: 0 passed, 1 failed');
    process.exit(1);
  }
);

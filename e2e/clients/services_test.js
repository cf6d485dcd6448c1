// Real-client test: JupyterLab's own client library (@jupyterlab/services)
// talks to Debian's jupyter_server over REST and websocket, as JupyterLab
// does, and drives the installed gocell kernelspec.
//
//   cd e2e/clients && npm ci && node services_test.js
//
// The test starts its own jupyter_server (127.0.0.1, a free port, a random
// token, a temporary root and config dir), then: opens a notebook session
// whose kernel is started by name, executes and reads the result and stdout,
// completes, inspects, asks is_complete, history and comm_info, sends 100
// cells at once (replies in order), runs all with an error in the middle
// (the rest aborted), answers an input_request on a second connection (and
// only there), interrupts a long cell (variables kept), restarts (a fresh
// session), shuts the session down (the kernel's process tree gone), and
// finally stops the server by its pid.
// GOCELL_TEST_KERNEL=python3 runs the same checks against ipykernel.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const WebSocket = require('ws');
const {
  KernelManager, KernelSpecAPI, ServerConnection, SessionManager
} = require('@jupyterlab/services');
const { Tally, childrenOf, processTree, waitGone, freePort, sleep } = require('./nodeharness');

const KERNEL = process.env.GOCELL_TEST_KERNEL || 'gocell';
const TIMEOUT = 1000 * Number(process.env.GOCELL_TEST_TIMEOUT || 60);
// GOCELL_TEST_DEBUG=1 runs the server with --debug too, and keeps its log
// when a check fails.
const DEBUG = Boolean(process.env.GOCELL_TEST_DEBUG);
const CELLS = {
  go: {
    set: 'x := 41',
    expr: 'x + 1',
    print: 'fmt.Println("hi")',
    long: 'time.Sleep(30 * time.Second)',
    complete: ['fmt.Sprin', 'Sprintf'],
    stdin: 'var s string\nfmt.Scanln(&s)\nfmt.Println("got " + s)',
    error: 'panic("boom")',
    inspect: 'fmt.Println',
    incomplete: 'func f() {'
  },
  python: {
    set: 'x = 41',
    expr: 'x + 1',
    print: 'print("hi")',
    long: 'import time; time.sleep(30)',
    complete: ['import os\nos.path.joi', 'join'],
    stdin: 's = input()\nprint("got " + s)',
    error: 'raise ValueError("boom")',
    inspect: 'print',
    incomplete: 'def f():'
  }
};

function withTimeout(promise, what, ms = TIMEOUT) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// Runs code and returns {reply, outputs}; onStart runs once the cell has
// started (execute_input seen on iopub).
async function run(kernel, code, onStart, stopOnError = false) {
  const outputs = [];
  const future = kernel.requestExecute({ code, stop_on_error: stopOnError });
  future.onIOPub = msg => {
    outputs.push(msg);
    if (msg.header.msg_type === 'execute_input' && onStart) {
      const f = onStart;
      onStart = null;
      f();
    }
  };
  const reply = await withTimeout(future.done, `execute ${JSON.stringify(code)}`);
  return { reply: reply.content, outputs };
}

const resultOf = outs => {
  const m = outs.find(o => o.header.msg_type === 'execute_result');
  return m ? m.content.data['text/plain'] : undefined;
};
const stdoutOf = outs =>
  outs
    .filter(o => o.header.msg_type === 'stream' && o.content.name === 'stdout')
    .map(o => o.content.text)
    .join('');

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function startServer(tmp) {
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const root = fs.mkdtempSync(path.join(tmp, 'root-'));
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: fs.mkdtempSync(path.join(tmp, 'config-')),
    JUPYTER_RUNTIME_DIR: fs.mkdtempSync(path.join(tmp, 'runtime-')),
    // The kernels log every message into the server's log, which a
    // failure prints: what the kernel received and when.
    GOCELL_LOG_LEVEL: 'debug'
  };
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const server = spawn(
    '/usr/bin/python3',
    ['-m', 'jupyter_server', '--no-browser', '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
      `--ServerApp.token=${token}`, `--ServerApp.root_dir=${root}`,
      ...(process.getuid() === 0 ? ['--allow-root'] : []),
      ...(DEBUG ? ['--debug'] : [])],
    { env, stdio: ['ignore', log, log] }
  );
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`jupyter_server exited (${server.exitCode}); log in ${tmp}/server.log`);
    }
    try {
      const r = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) break;
    } catch (e) {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('jupyter_server did not come up');
    await sleep(100);
  }
  const serverSettings = ServerConnection.makeSettings({
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token,
    WebSocket
  });
  return { server, serverSettings };
}

async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise(resolve => server.once('exit', resolve));
  process.kill(server.pid, 'SIGTERM');
  const ok = await Promise.race([exited.then(() => true), sleep(15000).then(() => false)]);
  if (!ok && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
}

async function main() {
  const tally = new Tally(`@jupyterlab/services[${KERNEL}]`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocell-services-'));
  let server;
  let km = { dispose() {} };
  let sm = { dispose() {} };
  try {
    let serverSettings;
    ({ server, serverSettings } = await startServer(tmp));
    const specs = await KernelSpecAPI.getSpecs(serverSettings);
    assert(specs.kernelspecs[KERNEL], `kernelspec ${KERNEL} not listed: ${Object.keys(specs.kernelspecs)}`);
    const cells = CELLS[specs.kernelspecs[KERNEL].language];
    km = new KernelManager({ serverSettings });
    sm = new SessionManager({ serverSettings, kernelManager: km });
    await km.ready;
    await sm.ready;
    let kernel;
    const serverTree = () => {
      const t = new Map();
      for (const c of childrenOf(server.pid)) for (const [p, st] of processTree(c)) t.set(p, st);
      return t;
    };

    const started = await tally.run('open a notebook session with a kernel by name, kernel_info', async () => {
      // As JupyterLab opens a notebook: a session for a path, its kernel by name.
      const session = await withTimeout(sm.startNew({
        path: 'lesson.ipynb', type: 'notebook', name: 'lesson.ipynb', kernel: { name: KERNEL }
      }), 'session startNew');
      kernel = session.kernel;
      assert(kernel && kernel.name === KERNEL, `session kernel ${kernel && kernel.name}`);
      const info = await withTimeout(kernel.info, 'kernel info');
      assert(info.status === 'ok', `kernel_info status ${info.status}`);
      assert(info.language_info.name === specs.kernelspecs[KERNEL].language,
        `language ${info.language_info.name}`);
    });
    if (!started) throw new Error('no kernel');

    await tally.run('execute: Out and stdout', async () => {
      let r = await run(kernel, cells.set);
      assert(r.reply.status === 'ok', `set: ${JSON.stringify(r.reply)}`);
      r = await run(kernel, cells.expr);
      assert(r.reply.status === 'ok' && resultOf(r.outputs) === '42', `expr: ${JSON.stringify(r)}`);
      r = await run(kernel, cells.print);
      assert(stdoutOf(r.outputs) === 'hi\n', `print: ${JSON.stringify(r.outputs)}`);
    });

    await tally.run('complete', async () => {
      const [code, want] = cells.complete;
      const r = await withTimeout(
        kernel.requestComplete({ code, cursor_pos: [...code].length }), 'complete');
      assert(r.content.status === 'ok', `status ${r.content.status}`);
      assert(r.content.matches.some(m => m.endsWith(want)), `matches ${r.content.matches}`);
    });

    await tally.run('inspect, is_complete, history, comm_info answered', async () => {
      const ins = await withTimeout(kernel.requestInspect({
        code: cells.inspect, cursor_pos: cells.inspect.length, detail_level: 0
      }), 'inspect');
      assert(ins.content.status === 'ok' && ins.content.found, `inspect ${JSON.stringify(ins.content)}`);
      const ic = await withTimeout(kernel.requestIsComplete({ code: cells.incomplete }), 'is_complete');
      assert(ic.content.status === 'incomplete', `is_complete ${JSON.stringify(ic.content)}`);
      const h = await withTimeout(kernel.requestHistory({
        output: false, raw: true, hist_access_type: 'tail', n: 10
      }), 'history');
      assert(h.content.status === 'ok' && Array.isArray(h.content.history), `history ${JSON.stringify(h.content)}`);
      assert(h.content.history.some(e => e[2] === cells.expr), `history lacks ${cells.expr}: ${JSON.stringify(h.content.history)}`);
      const ci = await withTimeout(kernel.requestCommInfo({}), 'comm_info');
      assert(ci.content.status === 'ok', `comm_info ${JSON.stringify(ci.content)}`);
    });

    await tally.run('100 cells sent at once: replies in order, each its own result', async () => {
      const n = 100;
      const code = i => `${i} * 2`;
      const runs = [];
      for (let i = 0; i < n; i++) runs.push(run(kernel, code(i), null, true));
      const got = await Promise.all(runs);
      const counts = got.map(r => r.reply.execution_count);
      for (let i = 0; i < n; i++) {
        assert(got[i].reply.status === 'ok', `cell ${i}: ${JSON.stringify(got[i].reply)}`);
        assert(resultOf(got[i].outputs) === String(2 * i), `cell ${i}: ${resultOf(got[i].outputs)}`);
        if (i > 0) assert(counts[i] === counts[i - 1] + 1, `execution counts ${counts}`);
      }
    });

    await tally.run('run all: cells after an error are aborted', async () => {
      // As Run All does: every cell sent at once with stop_on_error.
      const runs = [cells.set, cells.error, cells.expr].map(c => run(kernel, c, null, true));
      const got = (await Promise.all(runs)).map(r => r.reply.status);
      assert(JSON.stringify(got) === '["ok","error","aborted"]', `statuses ${got}`);
    });

    await tally.run('two frontends: input_request goes only to the one that ran the cell', async () => {
      // A second connection to the same kernel, as a console opened on a
      // notebook's kernel; the second one runs a cell that reads input.
      const other = km.connectTo({ model: kernel.model });
      const seen = { first: 0, other: 0 };
      const count = who => (_, args) => {
        if (args.direction === 'recv' && args.msg.header.msg_type === 'input_request') seen[who]++;
      };
      kernel.anyMessage.connect(count('first'));
      other.anyMessage.connect(count('other'));
      try {
        await withTimeout(other.info, 'second connection kernel_info');
        const outputs = [];
        const future = other.requestExecute({ code: cells.stdin, allow_stdin: true });
        future.onIOPub = msg => outputs.push(msg);
        future.onStdin = msg => {
          if (msg.header.msg_type === 'input_request') {
            other.sendInputReply({ status: 'ok', value: 'hello' }, msg.header);
          }
        };
        const reply = await withTimeout(future.done, 'stdin cell');
        assert(reply.content.status === 'ok', `reply ${JSON.stringify(reply.content)}`);
        assert(stdoutOf(outputs) === 'got hello\n', `stdout ${JSON.stringify(stdoutOf(outputs))}`);
        assert(seen.other === 1 && seen.first === 0, `input_requests seen: ${JSON.stringify(seen)}`);
      } finally {
        other.dispose();
      }
    });

    await tally.run('interrupt a long cell, variables kept', async () => {
      let sent = 0;
      const r = await run(kernel, cells.long, () => {
        setTimeout(() => {
          sent = Date.now();
          kernel.interrupt().catch(e => console.error(`interrupt: ${e}`));
        }, 300);
      });
      const took = (Date.now() - sent) / 1000;
      assert(r.reply.status === 'error' && /nterrupt/.test(r.reply.ename),
        `reply ${JSON.stringify(r.reply)}`);
      assert(took < 5, `cell ended ${took}s after the interrupt`);
      const e = await run(kernel, cells.expr);
      assert(resultOf(e.outputs) === '42', `after interrupt: ${JSON.stringify(e)}`);
    });

    await tally.run('restart: a fresh session', async () => {
      const before = serverTree();
      assert(before.size > 0, 'no kernel process under the server');
      await withTimeout(kernel.restart(), 'restart');
      const left = await waitGone(before, 10000);
      assert(left.length === 0, `old kernel processes still running: ${left}`);
      let r = await run(kernel, cells.expr);
      assert(r.reply.status === 'error', `x survived the restart: ${JSON.stringify(r.reply)}`);
      await run(kernel, cells.set);
      r = await run(kernel, cells.expr);
      assert(resultOf(r.outputs) === '42', `after restart: ${JSON.stringify(r)}`);
    });

    await tally.run('shut down: kernel gone from the server and from /proc', async () => {
      const before = serverTree();
      assert(before.size > 0, 'no kernel process under the server');
      await withTimeout(sm.shutdownAll(), 'shutdown');
      const left = await waitGone(before, 10000);
      assert(left.length === 0, `kernel processes still running: ${left}`);
      const r = await fetch(`${serverSettings.baseUrl}api/kernels`, {
        headers: { Authorization: `token ${serverSettings.token}` }
      });
      const list = await r.json();
      assert(list.length === 0, `server still lists kernels: ${JSON.stringify(list)}`);
    });
  } catch (e) {
    tally.fail('setup', e);
  } finally {
    sm.dispose();
    km.dispose();
    if (server) await stopServer(server);
    if (tally.failed) {
      const log = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8').split('\n');
      console.log(`--- last lines of the server log ---\n${log.slice(-120).join('\n')}`);
    }
    if (DEBUG && tally.failed) {
      console.log(`server log kept in ${tmp}/server.log`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  tally.finish();
}

main();

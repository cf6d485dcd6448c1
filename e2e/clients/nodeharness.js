// Pieces of the Node real-client test that are not about Jupyter: the tally
// that prints "N passed, N failed", the process tree read from /proc, and a
// free loopback port.
'use strict';

const fs = require('node:fs');
const net = require('node:net');

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Tally runs named async checks and prints the summary line.
class Tally {
  constructor(suite) {
    this.suite = suite;
    this.passed = 0;
    this.failed = 0;
  }

  async run(name, fn) {
    const start = Date.now();
    try {
      await fn();
    } catch (e) {
      this.fail(name, e);
      return false;
    }
    this.passed++;
    console.log(`ok   ${this.suite}: ${name} (${((Date.now() - start) / 1000).toFixed(2)}s)`);
    return true;
  }

  fail(name, e) {
    this.failed++;
    console.log(`FAIL ${this.suite}: ${name}: ${e && e.message ? e.message : e}`);
    if (process.env.GOCELL_TEST_VERBOSE && e && e.stack) console.log(e.stack);
  }

  finish() {
    console.log(`${this.suite}: ${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed || !this.passed ? 1 : 0);
  }
}

// stat returns [ppid, state, start time] of a process, or null if it is gone.
function stat(pid) {
  let s;
  try {
    s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    return null;
  }
  // The command name may hold spaces and parentheses: split after the last ')'.
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return [Number(rest[1]), rest[0], rest[19]];
}

function childrenOf(pid) {
  const kids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = stat(d);
    if (st && st[0] === pid) kids.push(Number(d));
  }
  return kids;
}

// processTree returns a Map pid -> start time of pid and its descendants.
function processTree(pid) {
  const tree = new Map();
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    const st = stat(p);
    if (!st || st[1] === 'Z') continue;
    tree.set(p, st[2]);
    todo.push(...childrenOf(p));
  }
  return tree;
}

// alive lists the processes of a snapshot still running (same pid and start time).
function alive(tree) {
  return [...tree].filter(([p, t]) => {
    const st = stat(p);
    return st && st[1] !== 'Z' && st[2] === t;
  }).map(([p]) => p);
}

async function waitGone(tree, ms) {
  const deadline = Date.now() + ms;
  while (alive(tree).length && Date.now() < deadline) await sleep(50);
  return alive(tree);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

module.exports = { Tally, childrenOf, processTree, waitGone, freePort, sleep };

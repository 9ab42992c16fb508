// Loaded into the server (NODE_OPTIONS=--require) by bench/intake alone, to measure what the
// verifiable log costs an intake: LogWriter.record, through which every feature appends its
// records' leaves, does nothing, so the same intakes run with no leaf appended. Never used by
// Caseline itself; the bench checks that the log really stayed empty.
const Module = require('node:module');

const load = Module._load;
Module._load = function (...args) {
  const exported = load.apply(this, args);
  const writer = exported && exported.LogWriter;
  if (typeof writer === 'function' && typeof writer.prototype.record === 'function' && !writer.benchNoLog) {
    writer.prototype.record = async () => undefined;
    writer.benchNoLog = true;
  }
  return exported;
};

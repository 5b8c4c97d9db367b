// Executes the synthesized PropGrade state machine with aws-local-stepfunctions, every Lambda task bound to the real
// .NET handlers through an HTTP host on 127.0.0.1 (the test process), against s3rver / dynalite / the simulator.
//
// Usage: node run-local-sfn.mjs <template.json> <handler-host-url> <input.json>
// Prints one JSON line: {"status":"SUCCEEDED"|"FAILED","output":…,"error":…,"tasks":N}
//
// aws-local-stepfunctions runs Map inline and ignores ItemReader / ItemBatcher / ResultWriter, so this harness
// emulates them for both Distributed Maps: after StartRun it reads markets.json (through the host) and points the
// discovery Map at it (its ItemSelector and MaxConcurrencyPath run as written); after FinishDiscovery it reads
// items.json, cuts it into ItemBatcher batches ({"BatchInput":{…the definition's BatchInput…},"Items":[…]}) of the
// definition's MaxItemsPerBatch, and points the agents Map at them (MaxConcurrencyPath as written).
if (!Promise.withResolvers) {
  // aws-local-stepfunctions 3 wants Node 22; this is the whole gap on Node 20.
  Promise.withResolvers = function () { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
}
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { resolveDefinition } = require('./resolve-definition.cjs');
const { StateMachine } = await import('aws-local-stepfunctions');

const [templatePath, hostUrl, inputPath] = process.argv.slice(2);
const template = JSON.parse(readFileSync(templatePath, 'utf8'));
const definition = resolveDefinition(template);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));

const maps = Object.fromEntries(Object.entries(definition.States).filter(([, s]) => s.Type === 'Map'));
const discoveryMap = maps.DiscoverMarkets;
const agentsMap = maps.GradeAgents;
if (!discoveryMap || !agentsMap) throw new Error('Expected the DiscoverMarkets and GradeAgents maps, found ' + Object.keys(maps).join(', '));
const batcher = agentsMap.ItemBatcher ?? {};
const batchSize = batcher.MaxItemsPerBatch ?? 1;
const batchInput = batcher.BatchInput ?? {};
for (const map of [discoveryMap, agentsMap]) {
  delete map.ItemReader; delete map.ItemBatcher; delete map.ResultWriter;
  delete map.ToleratedFailurePercentage; delete map.ToleratedFailureCount;
  map.ItemProcessor.ProcessorConfig = { Mode: 'INLINE' };
}
discoveryMap.ItemsPath = '$.marketItems';
agentsMap.ItemsPath = '$.batches';

let tasks = 0;
async function invoke(stateName, payload) {
  tasks++;
  const response = await fetch(`${hostUrl}invoke/${stateName}`, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  const body = await response.json();
  if (response.status !== 200) {
    // What Lambda reports for an unhandled .NET exception: the short type name is the error Step Functions matches.
    const error = new Error(body.errorMessage ?? 'handler failed');
    error.name = body.errorType ?? 'Lambda.Unknown';
    throw error;
  }
  return body;
}

async function readObject(key) {
  const response = await fetch(`${hostUrl}object?key=${encodeURIComponent(key)}`);
  return response.json();
}

// "a.$": "$.b" → the state's b (the only BatchInput form the definition uses).
function resolveBatchInput(state) {
  const out = {};
  for (const [name, path] of Object.entries(batchInput)) {
    if (name.endsWith('.$')) out[name.slice(0, -2)] = state[path.replace(/^\$\./, '')];
    else out[name] = path;
  }
  return out;
}

const handlers = {};
const retryOverrides = {};
function bind(states) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') {
      handlers[name] = (payload) => invoke(name, payload);
      retryOverrides[name] = 10;
    }
    if (state.Type === 'Map') bind(state.ItemProcessor.States);
  }
}
bind(definition.States);

const start = handlers.StartRun;
handlers.StartRun = async (payload) => {
  const started = await start(payload);
  return { ...started, marketItems: await readObject(started.marketsKey) };
};
const finish = handlers.FinishDiscovery;
handlers.FinishDiscovery = async (payload) => {
  const discovered = await finish(payload);
  const items = await readObject(discovered.itemsKey);
  const batches = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push({ BatchInput: resolveBatchInput(discovered), Items: items.slice(i, i + batchSize) });
  return { ...discovered, batches };
};

const machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryOverrides } });
try {
  const output = await execution.result;
  if (output && output.batches) delete output.batches;
  if (output && output.marketItems) delete output.marketItems;
  console.log(JSON.stringify({ status: 'SUCCEEDED', output, tasks }));
} catch (error) {
  // aws-local-stepfunctions wraps the failing state's error in an ExecutionError: report the state's own error.
  const cause = error.name === 'ExecutionError' && error.cause ? error.cause : error;
  console.log(JSON.stringify({ status: 'FAILED', error: { name: cause.name, message: cause.message }, tasks }));
}

// Map iterations and Parallel branches of an execution, read from its history events, so a page
// can show one iteration or branch at a time.
//
// State names are unique in a whole state machine, nested ones included, so a branch's events are
// those of the states inside that branch. An inline Map's iterations all run the same states, so an
// event is placed in its iteration by walking its previousEventId chain up to the
// MapIterationStarted of that Map (each iteration's events chain to their own start; the next
// iteration's start chains to the previous one's last event, which is why the start itself is
// placed by its own index, never by its chain).

import {details, outcome, readHistory} from './outcomes.js';

/** The definitions inside a state: a Parallel's branches, a Map's item processor, or none. */
export function inner(state) {
  if (!state) return [];
  if (state.Type === 'Parallel') return state.Branches || [];
  if (state.Type === 'Map') return [state.ItemProcessor || state.Iterator].filter(Boolean);
  return [];
}

/** The state called name anywhere in a definition (nested ones included), or null. */
export function findState(machine, name) {
  for (const [n, state] of Object.entries(machine.States || {})) {
    if (n === name) return state;
    for (const branch of inner(state)) {
      const found = findState(branch, name);
      if (found) return found;
    }
  }
  return null;
}

/** The names of every state of a (sub-)definition, nested ones included. */
export function stateNames(machine, into = new Set()) {
  for (const [n, state] of Object.entries(machine.States || {})) {
    into.add(n);
    inner(state).forEach((branch) => stateNames(branch, into));
  }
  return into;
}

/** True for a Map whose iterations are child executions (a map run) rather than events of this history. */
export function isDistributed(state) {
  return state?.Type === 'Map' && state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

const ITERATION_END = {MapIterationSucceeded: 'succeeded', MapIterationFailed: 'failed', MapIterationAborted: 'aborted'};

/**
 * The iterations of the inline Map state name: [{index, status, events, inside}] by index. status is
 * succeeded, failed, aborted, or running (still open; "unfinished" once the execution ended).
 */
export function iterations(events, history, machine, name, executionStatus) {
  const processor = inner(findState(machine, name))[0];
  if (!processor) return [];
  const inside = stateNames(processor);
  const byId = new Map(events.map((e) => [e.id, e]));
  const placed = new Map();
  const runs = new Map();
  const open = executionStatus === 'RUNNING' ? 'running' : 'unfinished';
  for (const event of events) {
    const index = iterationOf(event, name, inside, history, byId, placed);
    if (index == null) continue;
    let run = runs.get(index);
    if (!run) runs.set(index, run = {index, status: open, events: [], inside});
    run.events.push(event);
    if (ITERATION_END[event.type] && details(event).name === name) run.status = ITERATION_END[event.type];
  }
  return [...runs.values()].sort((a, b) => a.index - b.index);
}

function iterationOf(event, name, inside, history, byId, placed) {
  const own = /^MapIteration/.test(event.type) && details(event).name === name;
  if (own) return details(event).index;
  if (!inside.has(history.stateOf.get(event.id))) return null;
  // walks the chain without recursion (histories run to 25,000 events); remembers what it learnt
  const chain = [];
  let index = null;
  for (let e = event; e; e = byId.get(e.previousEventId)) {
    if (placed.has(e.id)) {
      index = placed.get(e.id);
      break;
    }
    if (e.type === 'MapIterationStarted' && details(e).name === name) {
      index = details(e).index;
      break;
    }
    if (!inside.has(history.stateOf.get(e.id))) break;
    chain.push(e);
  }
  for (const e of chain) placed.set(e.id, index);
  return index;
}

const SEVERITY = ['failed', 'running', 'cancelled', 'caught', 'succeeded', 'not-reached'];

/**
 * The branches of the Parallel state name: [{index, startAt, status, events, inside}], status the
 * most telling outcome of the branch's states (failed, then running, cancelled, caught, succeeded).
 */
export function branches(events, history, machine, name, executionStatus) {
  return inner(findState(machine, name)).map((branch, index) => {
    const inside = stateNames(branch);
    const own = events.filter((e) => inside.has(history.stateOf.get(e.id)));
    const read = readHistory(own);
    const outcomes = [...inside].map((s) => outcome(read.states.get(s), executionStatus, null));
    const status = SEVERITY.find((o) => outcomes.includes(o)) || 'not-reached';
    return {index, startAt: branch.StartAt, status, events: own, inside};
  });
}

/**
 * The outcome of each state of one iteration or branch (a function of a state's name, or null for a
 * state outside it): its events read on their own, as a small execution that is running while the
 * iteration is.
 */
export function outcomesWithin(run) {
  const read = readHistory(run.events);
  const status = run.status === 'running' ? 'RUNNING' : run.status === 'failed' ? 'FAILED' : 'SUCCEEDED';
  return (state) => (run.inside.has(state) ? outcome(read.states.get(state), status, null) : null);
}

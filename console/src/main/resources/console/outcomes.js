// What happened to each state of an execution, read from its history events (GetExecutionHistory).
//
// An event belongs to the state whose StateEntered/StateExited event its previousEventId chain
// reaches first; the Parallel and Map states' own events (ParallelStateFailed, MapIterationStarted,
// ...) belong to the nearest Parallel or Map state entered up that chain. State names are unique in
// a whole state machine, nested ones included, so a name finds its node in the graph.

export const OUTCOMES = ['succeeded', 'failed', 'caught', 'running', 'cancelled', 'not-reached'];

/** The event that starts one try of a Task (a Retry makes more): TaskScheduled, ActivityScheduled, ... */
const ATTEMPT = /^(Task|Activity|LambdaFunction)Scheduled$/;

/** The retries of a state: its attempts beyond the first of each time it was entered. */
export function retries(record) {
  if (!record) return 0;
  return record.attempts.filter((a, i) => i > 0 && record.attempts[i - 1].entry === a.entry).length;
}

const CONTAINER_EVENT = /^(Parallel|Map)(State|Iteration|Run)(?!Entered$|Exited$)/;

/** The details object of an event (its one member named *EventDetails), or {}. */
export function details(event) {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value;
  }
  return {};
}

function isFailure(type) {
  return /(Failed|TimedOut)$/.test(type) || type === 'ExecutionAborted';
}

function isSuccess(type) {
  return /Succeeded$/.test(type);
}

/**
 * Reads events into {states: Map name -> StateRecord, stateOf: Map eventId -> name, failure}.
 * failure is {state, error, cause, type} for an execution that failed, timed out or was aborted.
 */
export function readHistory(events) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const stateOf = new Map();
  const states = new Map();
  const record = (name) => {
    let r = states.get(name);
    if (!r) {
      r = {name, entered: 0, exited: 0, failures: 0, lastError: null, endedInError: false,
        input: null, output: null, events: [], variables: null, attempts: []};
      states.set(name, r);
    }
    return r;
  };
  let failure = null;
  for (const event of events) {
    const name = attribute(event, byId, stateOf);
    const d = details(event);
    if (name != null) {
      const r = record(name);
      r.events.push(event.id);
      if (event.type.endsWith('StateEntered')) {
        r.entered++;
        r.input = d.input ?? r.input;
        r.endedInError = false;
      } else if (event.type.endsWith('StateExited')) {
        r.exited++;
        r.output = d.output ?? r.output;
        if (d.assignedVariables) r.variables = {...(r.variables || {}), ...d.assignedVariables};
      } else if (ATTEMPT.test(event.type)) {
        r.attempts.push({entry: r.entered, eventId: event.id, timestamp: event.timestamp, result: 'running'});
      } else if (isFailure(event.type)) {
        r.failures++;
        r.lastError = {error: d.error ?? null, cause: d.cause ?? null, type: event.type};
        r.endedInError = true;
        const attempt = r.attempts[r.attempts.length - 1];
        if (attempt && attempt.result === 'running') Object.assign(attempt, {result: 'failed', ...r.lastError});
      } else if (isSuccess(event.type)) {
        r.endedInError = false;
        const attempt = r.attempts[r.attempts.length - 1];
        if (attempt && attempt.result === 'running') attempt.result = 'succeeded';
      }
    }
    if (event.type === 'ExecutionFailed' || event.type === 'ExecutionTimedOut' || event.type === 'ExecutionAborted') {
      failure = {state: name, error: d.error ?? null, cause: d.cause ?? null, type: event.type};
    } else if (event.type === 'ExecutionStarted' || event.type === 'ExecutionRedriven') {
      failure = null;
    }
  }
  return {states, stateOf, failure};
}

/** The state an event belongs to (null for the execution's own events before any state). */
function attribute(event, byId, stateOf) {
  if (stateOf.has(event.id)) return stateOf.get(event.id);
  const container = containerFor(event);
  if (container) {
    // the nearest Parallel/Map entered, or an earlier event of that container already placed
    // (which bounds the walk by one branch or iteration)
    let name = null;
    for (let e = byId.get(event.previousEventId); e; e = byId.get(e.previousEventId)) {
      if (e.type === container + 'StateEntered') {
        name = details(e).name ?? null;
        break;
      }
      if (containerFor(e) === container && stateOf.has(e.id)) {
        name = stateOf.get(e.id);
        break;
      }
    }
    stateOf.set(event.id, name);
    return name;
  }
  // walks the chain without recursion: histories run to 25,000 events
  const chain = [];
  let found = null;
  for (let e = event; e; e = byId.get(e.previousEventId)) {
    if (stateOf.has(e.id)) {
      found = stateOf.get(e.id);
      break;
    }
    if (e.type.endsWith('StateEntered') || e.type.endsWith('StateExited')) {
      found = details(e).name ?? null;
      stateOf.set(e.id, found);
      break;
    }
    if (containerFor(e)) {
      found = attribute(e, byId, stateOf);
      break;
    }
    chain.push(e);
  }
  for (const e of chain) stateOf.set(e.id, found);
  return found;
}

function containerFor(event) {
  if (!event) return null;
  const match = CONTAINER_EVENT.exec(event.type);
  return match ? match[1] : null;
}

/** The outcome of one state (one of OUTCOMES) in an execution whose status is status. */
export function outcome(record, status, failure) {
  if (!record || record.entered === 0) return 'not-reached';
  if (record.entered > record.exited) {
    if (status === 'RUNNING' || status === 'PENDING_REDRIVE') return 'running';
    if (record.endedInError || (failure && failure.state === record.name && failure.type !== 'ExecutionAborted')) {
      return 'failed';
    }
    return 'cancelled';
  }
  return record.endedInError ? 'caught' : 'succeeded';
}

// What an activity's queue looks like, read from the executions' histories: Step Functions has no
// API that lists an activity's waiting tasks or its pollers, so this is derived, and the page says so.
//
// A task of the activity waits from its ActivityScheduled until the ActivityStarted that chains to
// it (a worker's GetActivityTask took it); it is then held by that event's workerName until an
// ActivitySucceeded, ActivityFailed or ActivityTimedOut chains to it.

import {details} from './outcomes.js';

const TAKEN = 'ActivityStarted';
const ENDED = new Set(['ActivitySucceeded', 'ActivityFailed', 'ActivityTimedOut']);

/**
 * The tasks of activityArn in one execution's events: [{scheduled, state, worker, startedAt, ended}]
 * where scheduled is the ActivityScheduled event, worker the workerName that took it (or null).
 */
export function activityTasks(events, activityArn, stateOf) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const tasks = new Map();
  for (const e of events) {
    if (e.type === 'ActivityScheduled' && details(e).resource === activityArn) {
      tasks.set(e.id, {scheduled: e, state: stateOf ? stateOf.get(e.id) ?? null : null, worker: null,
        startedAt: null, ended: false});
    }
  }
  for (const e of events) {
    if (e.type !== TAKEN && !ENDED.has(e.type)) continue;
    const task = scheduledBefore(e, byId, tasks);
    if (!task) continue;
    if (e.type === TAKEN) {
      task.worker = details(e).workerName ?? '';
      task.startedAt = e.timestamp;
    } else {
      task.ended = true;
    }
  }
  return [...tasks.values()];
}

/** The task whose ActivityScheduled the event's previousEventId chain reaches within a few steps. */
function scheduledBefore(event, byId, tasks) {
  let e = byId.get(event.previousEventId);
  for (let steps = 0; e && steps < 4; steps++, e = byId.get(e.previousEventId)) {
    if (tasks.has(e.id)) return tasks.get(e.id);
  }
  return null;
}

/** True when a definition (text) names the activity as a Task's Resource anywhere. */
export function usesActivity(definition, activityArn) {
  return typeof definition === 'string' && definition.includes('"' + activityArn + '"');
}

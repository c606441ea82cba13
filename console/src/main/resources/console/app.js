// The console's pages, one per hash route, so deep links, the back button and new tabs work:
//   #/state-machines                       the state machines
//   #/state-machines/<arn>                 a state machine: graph, definition, versions, aliases, executions
//   #/state-machines/<arn>/executions?status=FAILED   its executions, a page at a time
//   #/state-machines/<arn>/executions?name=x  those whose name contains x (searched a page at a time)
//   #/executions                           the newest executions of every state machine; open one by ARN
//   #/activities                           the activities
//   #/activities/<arn>                     an activity: its tasks waiting and the workers that took them
//   #/transfer/..., #/imagebuilder/...     the other faces (faces.js)
//   #/credentials                          the credentials the pages sign their calls with (optional)
//   #/executions/<arn>                     an execution: coloured graph, state details, history, live

import {ApiError, allPages, credentials, forgetCredentials, saveCredentials, sfn} from './api.js';
import {arnName, h, link, pretty, replace, time} from './dom.js';
import {draw, layout, paint, readDefinition} from './graph.js';
import {activityTasks, usesActivity} from './activities.js';
import {imagePage, imagesPage, transferServerPage, transferServersPage, transferWorkflowPage} from './faces.js';
import {branches, findState, isDistributed, iterations, outcomesWithin} from './drill.js';
import {OUTCOMES, details, outcome, readHistory, retries} from './outcomes.js';

const main = document.getElementById('main');
const POLL_MS = 1500;
const HISTORY_PAGE = 1000;
const EXECUTIONS_PAGE = 25;
const TABLE_ROWS = 250;
const RUNS_SHOWN = 200;

/** Cleanups of the page on screen (timers), run when another page replaces it. */
let leaving = [];

function route() {
  const hash = decodeURIComponent(location.hash.slice(1)) || '/state-machines';
  const [path, query = ''] = splitOnce(hash, '?');
  const params = new URLSearchParams(query);
  if (path === '/state-machines' || path === '/') return () => stateMachinesPage();
  let m = /^\/state-machines\/(.+)\/executions$/.exec(path);
  if (m) return () => executionsPage(m[1], params.get('status') || '', params.get('name') || '');
  if (path === '/executions') return () => allExecutionsPage(params.get('status') || '');
  m = /^\/state-machines\/(.+)$/.exec(path);
  if (m) return () => stateMachinePage(m[1]);
  if (path === '/activities') return () => activitiesPage();
  if (path === '/credentials') return () => credentialsPage();
  if (path === '/transfer/servers' || path === '/transfer') return () => transferServersPage(main);
  m = /^\/transfer\/servers\/(.+)$/.exec(path);
  if (m) return () => transferServerPage(main, m[1]);
  m = /^\/transfer\/workflows\/(.+)$/.exec(path);
  if (m) return () => transferWorkflowPage(main, m[1], leaving);
  if (path === '/imagebuilder/images' || path === '/imagebuilder') return () => imagesPage(main, leaving);
  m = /^\/imagebuilder\/images\/(.+)$/.exec(path);
  if (m) return () => imagePage(main, m[1], leaving);
  m = /^\/activities\/(.+)$/.exec(path);
  if (m) return () => activityPage(m[1]);
  m = /^\/executions\/(.+)$/.exec(path);
  if (m) return () => executionPage(m[1]);
  return () => {
    document.title = 'Not found · Stepwise';
    replace(main, h('h1', null, 'Not found'), h('p', {class: 'error', role: 'alert'}, 'No page answers ' + hash + '.'),
      link('/state-machines', 'State machines'));
  };
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

async function show() {
  leaving.forEach((f) => f());
  leaving = [];
  replace(main, h('p', {class: 'loading'}, 'Loading…'));
  try {
    await route()();
  } catch (e) {
    replace(main, h('h1', null, 'Something went wrong'), errorBox(e));
  }
}

/** An error as the page shows it: AWS's error name and message. */
export function errorBox(e) {
  const type = e instanceof ApiError ? e.type : e.name;
  return h('div', {class: 'error', role: 'alert', 'data-error': type},
    h('strong', null, type), ': ', e.message);
}

export function stateMachineRoute(arn) {
  return '/state-machines/' + encodeURIComponent(arn);
}

export function executionRoute(arn) {
  return '/executions/' + encodeURIComponent(arn);
}

export function statusBadge(status) {
  return h('span', {class: 'status status-' + String(status).toLowerCase(), 'data-status': status}, status);
}

// ---- state machines ----------------------------------------------------------------------------

const STATE_MACHINES_PAGE = 100;
const TYPES = ['', 'STANDARD', 'EXPRESS'];

/**
 * The state machines, a page of STATE_MACHINES_PAGE at a time ("Load more"), searched by name and
 * filtered by type in the page: ListStateMachines has no filter, so a search or a type reads the
 * remaining pages first, so that it finds every state machine, not only those loaded.
 */
async function stateMachinesPage() {
  document.title = 'State machines · Stepwise';
  const search = h('input', {type: 'search', id: 'sm-search', placeholder: 'Search by name',
    'aria-label': 'Search state machines by name'});
  const type = h('select', {id: 'sm-type', 'aria-label': 'Type'},
    TYPES.map((t) => h('option', {value: t}, t || 'Any type')));
  const body = h('tbody');
  const more = h('button', {type: 'button', class: 'secondary', id: 'sm-more', hidden: true}, 'Load more');
  const count = h('p', {class: 'muted', id: 'sm-count', 'aria-live': 'polite'});
  const problem = h('div');
  replace(main, h('h1', null, 'State machines'), h('div', {class: 'toolbar'}, search,
    h('label', {for: 'sm-type'}, 'Type '), type, count), problem,
    h('table', {class: 'list', id: 'state-machines'},
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Type'), h('th', null, 'Created'))),
      body), more);
  let items = [];
  let nextToken;
  const filtering = () => search.value.trim() !== '' || type.value !== '';
  const render = () => {
    const needle = search.value.trim().toLowerCase();
    const shown = items.filter((m) => m.name.toLowerCase().includes(needle) && (!type.value || m.type === type.value));
    replace(body, shown.map((m) => h('tr', {'data-arn': m.stateMachineArn},
      h('td', null, link(stateMachineRoute(m.stateMachineArn), m.name)),
      h('td', null, m.type), h('td', null, time(m.creationDate)))));
    if (!shown.length) body.append(h('tr', null, h('td', {colspan: 3, class: 'muted'},
      items.length ? 'No state machine matches.' : 'No state machines yet.')));
    count.textContent = `${shown.length} of ${items.length}${nextToken ? '+' : ''}`;
    more.hidden = !nextToken;
  };
  const load = async () => {
    const page = await sfn('ListStateMachines', {maxResults: STATE_MACHINES_PAGE, ...(nextToken ? {nextToken} : {})});
    items = items.concat(page.stateMachines || []);
    nextToken = page.nextToken;
  };
  // one reading of the remaining pages at a time; a search typed meanwhile is applied when it ends
  let reading = null;
  const readAll = () => {
    reading ??= (async () => {
      try {
        while (nextToken) {
          count.textContent = `Searching: ${items.length} read…`;
          await load();
        }
      } catch (e) {
        replace(problem, errorBox(e));
      } finally {
        reading = null;
        render();
      }
    })();
  };
  const refilter = () => {
    render();
    if (filtering() && nextToken) readAll();
  };
  search.addEventListener('input', refilter);
  type.addEventListener('change', refilter);
  more.addEventListener('click', () => load().then(render).catch((e) => replace(problem, errorBox(e))));
  await load();
  render();
}

// ---- a state machine ---------------------------------------------------------------------------

async function stateMachinePage(arn) {
  document.title = arnName(arn) + ' · Stepwise';
  const machine = await sfn('DescribeStateMachine', {stateMachineArn: arn});
  const [versions, aliases, recent, validation] = await Promise.all([
    sfn('ListStateMachineVersions', {stateMachineArn: arn, maxResults: 20}).catch(() => ({})),
    sfn('ListStateMachineAliases', {stateMachineArn: arn, maxResults: 20}).catch(() => ({})),
    sfn('ListExecutions', {stateMachineArn: arn, maxResults: 10}),
    // the default severity (ERROR) leaves out the warnings: a stored definition has only those
    sfn('ValidateStateMachineDefinition', {definition: machine.definition, type: machine.type, severity: 'WARNING'})
      .catch(() => null),
  ]);
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/state-machines', 'State machines'), ' / '),
    h('h1', null, machine.name),
    h('dl', {class: 'facts'},
      h('dt', null, 'ARN'), h('dd', {class: 'mono'}, machine.stateMachineArn),
      h('dt', null, 'Type'), h('dd', null, machine.type),
      h('dt', null, 'Status'), h('dd', null, machine.status),
      h('dt', null, 'Role'), h('dd', {class: 'mono'}, machine.roleArn),
      h('dt', null, 'Created'), h('dd', null, time(machine.creationDate))),
    h('section', null, h('h2', null, 'Graph'), markDiagnostics(graphFigure(machine.definition, () => null, () => {}),
      validation)),
    startForm(arn),
    h('section', null, h('h2', null, 'Recent executions'),
      executionsTable(recent.executions || []),
      h('p', null, link(stateMachineRoute(arn) + '/executions', 'All executions →', {id: 'all-executions'}))),
    h('section', {class: 'columns'},
      h('div', null, h('h2', null, 'Versions'), arnList(versions.stateMachineVersions,
        'stateMachineVersionArn', 'No versions published.')),
      h('div', null, h('h2', null, 'Aliases'), arnList(aliases.stateMachineAliases,
        'stateMachineAliasArn', 'No aliases.'))),
    h('section', null, h('h2', null, 'Definition'), diagnostics(validation, focusState),
      h('pre', {class: 'code', id: 'definition', tabindex: 0}, pretty(machine.definition))));
}

function arnList(items, member, empty) {
  if (!items || !items.length) return h('p', {class: 'muted'}, empty);
  return h('ul', {class: 'plain'}, items.map((v) => h('li', null,
    h('span', {class: 'mono'}, arnName(v[member])), ' ', h('span', {class: 'muted'}, time(v.creationDate)))));
}

/**
 * The validation's diagnostics, each with its location; a location inside a state is a button that
 * takes the focus to that state's node in the graph (onState).
 */
function diagnostics(validation, onState) {
  if (!validation || !(validation.diagnostics || []).length) return null;
  return h('ul', {class: 'diagnostics', id: 'diagnostics'}, validation.diagnostics.map((d) => {
    const state = diagnosedState(d.location);
    return h('li', {class: 'severity-' + String(d.severity).toLowerCase()}, h('strong', null, d.severity + ' ' + d.code),
      ' ', state != null ? h('button', {type: 'button', class: 'linkish location', 'data-state': state,
        onclick: () => onState(state)}, d.location) : d.location || '', ': ', d.message);
  }));
}

/** The state a diagnostic's location (/States/A/Parameters, /States/P/Branches[0]/States/B) is in; null when none. */
function diagnosedState(location) {
  const names = [...String(location || '').matchAll(/\/States\/([^/]+)/g)];
  return names.length ? names[names.length - 1][1] : null;
}

/**
 * Marks the graph's nodes of the states the validation's diagnostics are in (the worst severity in
 * data-diagnostic, the messages in the node's title and label), so that each diagnostic shows at
 * its place.
 */
function markDiagnostics(figure, validation) {
  const byState = new Map();
  for (const d of (validation && validation.diagnostics) || []) {
    const state = diagnosedState(d.location);
    if (state != null) byState.set(state, [...(byState.get(state) || []), d]);
  }
  for (const [state, found] of byState) {
    const node = figure.querySelector(`.node[data-state="${CSS.escape(state)}"]`);
    if (!node) continue;
    const severity = found.some((d) => d.severity === 'ERROR') ? 'ERROR' : found[0].severity;
    const said = found.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');
    node.setAttribute('data-diagnostic', severity);
    node.classList.add('diagnosed', 'diagnosed-' + String(severity).toLowerCase());
    node.setAttribute('aria-label', node.getAttribute('aria-label') + '; ' + said);
    node.querySelector('title').textContent += '\n' + said;
  }
  return figure;
}

/** Takes the focus to a state's node in the graph on the page (scrolled into view). */
function focusState(state) {
  const node = main.querySelector(`#graph .node[data-state="${CSS.escape(state)}"]`);
  if (node) {
    node.scrollIntoView({block: 'center', inline: 'center'});
    node.focus();
  }
}

/** The graph of a definition, or a message when it cannot be drawn. */
function graphFigure(definition, outcomeOf, onSelect) {
  try {
    return h('div', {class: 'graph-frame', id: 'graph'}, draw(layout(readDefinition(definition)), outcomeOf,
      onSelect));
  } catch (e) {
    return h('div', {class: 'error', role: 'alert'}, 'The graph cannot be drawn: ' + e.message);
  }
}

function startForm(arn) {
  const input = h('textarea', {id: 'execution-input', rows: 6, spellcheck: 'false',
    'aria-describedby': 'input-check'}, '{}');
  const name = h('input', {id: 'execution-name', type: 'text', placeholder: 'optional: a name is made up',
    maxlength: 80});
  const check = h('p', {id: 'input-check', class: 'muted', 'aria-live': 'polite'}, 'Valid JSON.');
  const button = h('button', {type: 'submit', id: 'start-execution'}, 'Start execution');
  const result = h('div', {'aria-live': 'polite'});
  const validate = () => {
    try {
      JSON.parse(input.value);
      check.textContent = 'Valid JSON.';
      check.className = 'muted';
      button.disabled = false;
    } catch (e) {
      check.textContent = 'Not JSON: ' + e.message;
      check.className = 'error';
      button.disabled = true;
    }
  };
  input.addEventListener('input', validate);
  const form = h('form', {class: 'start', id: 'start-form'},
    h('h2', null, 'Start execution'),
    h('label', {for: 'execution-name'}, 'Name'), name,
    h('label', {for: 'execution-input'}, 'Input'), input, check, button, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const started = await sfn('StartExecution', {stateMachineArn: arn, input: input.value,
        ...(name.value.trim() ? {name: name.value.trim()} : {})});
      location.hash = executionRoute(started.executionArn);
    } catch (e) {
      replace(result, errorBox(e));
      button.disabled = false;
    }
  });
  return form;
}

function executionsTable(executions, withMachine = false) {
  if (!executions.length) return h('p', {class: 'muted', id: 'no-executions'}, 'No executions.');
  return h('table', {class: 'list executions'},
    h('thead', null, h('tr', null, h('th', null, 'Name'), withMachine ? h('th', null, 'State machine') : null,
      h('th', null, 'Status'), h('th', null, 'Started'), h('th', null, 'Stopped'))),
    h('tbody', null, executions.map((x) => h('tr', {'data-arn': x.executionArn},
      h('td', null, link(executionRoute(x.executionArn), x.name)),
      withMachine ? h('td', null, link(stateMachineRoute(x.stateMachineArn), arnName(x.stateMachineArn))) : null,
      h('td', null, statusBadge(x.status)),
      h('td', null, time(x.startDate)), h('td', null, time(x.stopDate))))));
}

// ---- executions of a state machine -------------------------------------------------------------

const STATUSES = ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

function executionsListRoute(arn, status, name) {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (name) query.set('name', name);
  return stateMachineRoute(arn) + '/executions' + (query.size ? '?' + query : '');
}

async function executionsPage(arn, status, name) {
  document.title = 'Executions of ' + arnName(arn) + ' · Stepwise';
  const filter = h('select', {id: 'status-filter', 'aria-label': 'Status'},
    STATUSES.map((st) => h('option', {value: st, selected: st === status}, st || 'Any status')));
  const nameField = h('input', {type: 'search', id: 'name-filter', value: name, placeholder: 'Name contains',
    'aria-label': 'Execution name contains', maxlength: 80});
  const filters = h('form', {class: 'toolbar', role: 'search'}, h('label', {for: 'status-filter'}, 'Status '), filter,
    h('label', {for: 'name-filter'}, 'Name '), nameField, h('button', {type: 'submit', class: 'secondary'}, 'Filter'));
  const apply = (event) => {
    event?.preventDefault();
    location.hash = executionsListRoute(arn, filter.value, nameField.value.trim());
  };
  filter.addEventListener('change', apply);
  filters.addEventListener('submit', apply);
  const table = h('div');
  const footer = h('div', {class: 'pager'});
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/state-machines', 'State machines'), ' / ',
      link(stateMachineRoute(arn), arnName(arn)), ' / '),
    h('h1', null, 'Executions'), filters, table, footer);
  const request = {stateMachineArn: arn, ...(status ? {statusFilter: status} : {})};
  if (name) {
    await searchByName(request, name, table, footer);
  } else {
    await pageThrough(request, table, footer);
  }
}

/** One page of EXECUTIONS_PAGE at a time, on the server (keyset pages: as fast at the millionth as at the first). */
async function pageThrough(request, table, footer) {
  const previous = h('button', {type: 'button', class: 'secondary', id: 'previous-page'}, '← Previous');
  const next = h('button', {type: 'button', class: 'secondary', id: 'next-page'}, 'Next →');
  const where = h('span', {class: 'muted', id: 'page-number'});
  replace(footer, previous, where, next);
  // the tokens that opened each page seen so far: Previous goes back without reading everything
  const tokens = [undefined];
  let index = 0;
  let nextToken;
  const load = async () => {
    const page = await sfn('ListExecutions', {...request, maxResults: EXECUTIONS_PAGE,
      ...(tokens[index] ? {nextToken: tokens[index]} : {})});
    nextToken = page.nextToken;
    replace(table, executionsTable(page.executions || []));
    previous.disabled = index === 0;
    next.disabled = !nextToken;
    where.textContent = 'Page ' + (index + 1);
  };
  const go = (step) => async () => {
    if (step > 0) tokens[index + 1] = nextToken;
    index += step;
    try {
      await load();
    } catch (e) {
      replace(table, errorBox(e));
    }
  };
  previous.addEventListener('click', go(-1));
  next.addEventListener('click', go(1));
  await load();
}

const SEARCH_PAGE = 1000;
const SEARCH_ROUND = 10000;

/**
 * ListExecutions has no name filter, so the search reads the executions (newest first) a page of
 * SEARCH_PAGE at a time and keeps those whose name contains the text, stopping at a screenful of
 * matches or after SEARCH_ROUND executions; "Search further" goes on from where it stopped.
 */
async function searchByName(request, name, table, footer) {
  const needle = name.toLowerCase();
  const matches = [];
  let scanned = 0;
  let nextToken;
  const note = h('p', {class: 'muted', id: 'search-note'});
  const further = h('button', {type: 'button', class: 'secondary', id: 'search-further'}, 'Search further');
  replace(footer, note, further);
  const round = async () => {
    further.disabled = true;
    const found = matches.length;
    let read = 0;
    do {
      const page = await sfn('ListExecutions', {...request, maxResults: SEARCH_PAGE, ...(nextToken ? {nextToken} : {})});
      const executions = page.executions || [];
      scanned += executions.length;
      read += executions.length;
      matches.push(...executions.filter((x) => x.name.toLowerCase().includes(needle)));
      nextToken = page.nextToken;
    } while (nextToken && matches.length - found < EXECUTIONS_PAGE && read < SEARCH_ROUND);
    replace(table, matches.length ? executionsTable(matches)
      : h('p', {class: 'muted', id: 'no-executions'}, 'No execution whose name contains "' + name + '" yet.'));
    note.textContent = `${matches.length} found in the ${scanned.toLocaleString()} newest executions` +
      (nextToken ? '; older ones not searched yet. ' : ', all of them. ') +
      'ListExecutions has no name filter: the console reads the executions a page at a time and keeps those ' +
      'whose name contains the text.';
    further.hidden = !nextToken;
    further.disabled = false;
  };
  further.addEventListener('click', () => round().catch((e) => replace(table, errorBox(e))));
  await round();
}

// ---- executions of every state machine ---------------------------------------------------------

const NEWEST_PER_MACHINE = 10;
const MACHINES_READ = 100;

/**
 * The newest executions of the first MACHINES_READ state machines, merged newest first (AWS has no
 * listing across state machines: this asks each one for its NEWEST_PER_MACHINE newest), and a field
 * to open any execution by its ARN.
 */
async function allExecutionsPage(status) {
  document.title = 'Executions · Stepwise';
  const filter = h('select', {id: 'status-filter', 'aria-label': 'Status'},
    STATUSES.map((st) => h('option', {value: st, selected: st === status}, st || 'Any status')));
  filter.addEventListener('change', () => {
    location.hash = '/executions' + (filter.value ? '?status=' + filter.value : '');
  });
  const arnField = h('input', {type: 'text', id: 'open-arn', placeholder: 'arn:aws:states:…:execution:…',
    'aria-label': 'Execution ARN', class: 'mono', size: 60});
  const opener = h('form', {class: 'toolbar', id: 'open-execution'}, h('label', {for: 'open-arn'}, 'Open by ARN '),
    arnField, h('button', {type: 'submit', class: 'secondary'}, 'Open'));
  opener.addEventListener('submit', (event) => {
    event.preventDefault();
    if (arnField.value.trim()) location.hash = executionRoute(arnField.value.trim());
  });
  const table = h('div', null, h('p', {class: 'loading'}, 'Loading…'));
  const note = h('p', {class: 'muted', id: 'all-note'});
  replace(main, h('h1', null, 'Executions'), opener,
    h('div', {class: 'toolbar'}, h('label', {for: 'status-filter'}, 'Status '), filter), note, table);
  const page = await sfn('ListStateMachines', {maxResults: MACHINES_READ});
  const machines = page.stateMachines || [];
  const lists = await Promise.all(machines.map((m) => sfn('ListExecutions', {stateMachineArn: m.stateMachineArn,
    maxResults: NEWEST_PER_MACHINE, ...(status ? {statusFilter: status} : {})}).then((x) => x.executions || [])));
  const merged = lists.flat().sort((a, b) => (b.startDate ?? 0) - (a.startDate ?? 0));
  replace(table, merged.length ? executionsTable(merged, true) : h('p', {class: 'muted', id: 'no-executions'},
    'No executions.'));
  note.textContent = `The ${NEWEST_PER_MACHINE} newest executions of each of ${machines.length}` +
    `${page.nextToken ? ' (the first)' : ''} state machines, newest first; a state machine's own list has all of them.`;
}

// ---- activities --------------------------------------------------------------------------------

export function activityRoute(arn) {
  return '/activities/' + encodeURIComponent(arn);
}

async function activitiesPage() {
  document.title = 'Activities · Stepwise';
  const activities = await allPages('ListActivities', {maxResults: 1000}, 'activities');
  replace(main, h('h1', null, 'Activities'),
    activities.length ? h('table', {class: 'list', id: 'activities'},
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'ARN'), h('th', null, 'Created'))),
      h('tbody', null, activities.map((a) => h('tr', {'data-arn': a.activityArn},
        h('td', null, link(activityRoute(a.activityArn), a.name)), h('td', {class: 'mono'}, a.activityArn),
        h('td', null, time(a.creationDate))))))
      : h('p', {class: 'muted', id: 'no-activities'}, 'No activities.'));
}

const RUNNING_READ = 100;
const RECENT_READ = 10;

/**
 * An activity, the tasks waiting on it and the workers that took its tasks, found in the histories of
 * the executions of the state machines whose definitions name it: every running one (up to
 * RUNNING_READ per state machine) for the queue, and the RECENT_READ newest of any status for workers.
 */
async function activityPage(arn) {
  document.title = arnName(arn) + ' · Stepwise';
  const activity = await sfn('DescribeActivity', {activityArn: arn});
  const machines = await allPages('ListStateMachines', {maxResults: 1000}, 'stateMachines');
  const described = await Promise.all(machines.map((m) => sfn('DescribeStateMachine',
    {stateMachineArn: m.stateMachineArn}).catch(() => null)));
  const users = described.filter((m) => m && usesActivity(m.definition, arn));
  const executions = new Map();
  for (const m of users) {
    const [running, recent] = await Promise.all([
      sfn('ListExecutions', {stateMachineArn: m.stateMachineArn, statusFilter: 'RUNNING', maxResults: RUNNING_READ}),
      sfn('ListExecutions', {stateMachineArn: m.stateMachineArn, maxResults: RECENT_READ})]);
    for (const x of [...(running.executions || []), ...(recent.executions || [])]) executions.set(x.executionArn, x);
  }
  const waiting = [];
  const held = [];
  const workers = new Map();
  await Promise.all([...executions.values()].map(async (x) => {
    const events = await allPages('GetExecutionHistory', {executionArn: x.executionArn, maxResults: 1000}, 'events');
    const stateOf = readHistory(events).stateOf;
    for (const task of activityTasks(events, arn, stateOf)) {
      const open = x.status === 'RUNNING' && !task.ended;
      if (open && task.worker == null) waiting.push({execution: x, task});
      if (open && task.worker != null) held.push({execution: x, task});
      if (task.worker != null) {
        const seen = workers.get(task.worker);
        if (!seen || seen.at < task.startedAt) workers.set(task.worker, {at: task.startedAt, execution: x});
      }
    }
  }));
  const byTime = (a, b) => (a.task.scheduled.timestamp ?? 0) - (b.task.scheduled.timestamp ?? 0);
  const taskTable = (rows, id, withWorker) => rows.length ? h('table', {class: 'list', id},
    h('thead', null, h('tr', null, h('th', null, 'Execution'), h('th', null, 'State'), h('th', null, 'Scheduled'),
      withWorker ? [h('th', null, 'Worker'), h('th', null, 'Taken')] : null, h('th', null, 'Input'))),
    h('tbody', null, rows.sort(byTime).map(({execution, task}) => h('tr', {'data-execution': execution.executionArn},
      h('td', null, link(executionRoute(execution.executionArn), execution.name)), h('td', null, task.state ?? ''),
      h('td', null, time(task.scheduled.timestamp)),
      withWorker ? [h('td', {class: 'mono'}, task.worker), h('td', null, time(task.startedAt))] : null,
      h('td', {class: 'mono'}, short(details(task.scheduled).input))))))
    : h('p', {class: 'muted', id: id + '-none'}, 'None.');
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/activities', 'Activities'), ' / '),
    h('h1', null, activity.name),
    h('dl', {class: 'facts'}, h('dt', null, 'ARN'), h('dd', {class: 'mono'}, activity.activityArn),
      h('dt', null, 'Created'), h('dd', null, time(activity.creationDate)),
      h('dt', null, 'Used by'), h('dd', {id: 'activity-users'}, users.length ? users.map((m, i) => [i ? ', ' : '',
        link(stateMachineRoute(m.stateMachineArn), m.name)]) : 'no state machine')),
    h('p', {class: 'muted', id: 'activity-note'}, 'Step Functions has no API that lists an activity\'s queue or ' +
      'its pollers: this page reads the histories of the executions of the state machines above. A task waits ' +
      'from its ActivityScheduled event until a worker takes it (ActivityStarted, with the worker\'s name); a ' +
      'worker polling with nothing to receive leaves no trace and is not shown.'),
    h('h2', null, `Tasks waiting for a worker (${waiting.length})`), taskTable(waiting, 'waiting-tasks', false),
    h('h2', null, `Tasks taken, not finished (${held.length})`), taskTable(held, 'held-tasks', true),
    h('h2', null, `Workers (${workers.size})`),
    workers.size ? h('table', {class: 'list', id: 'workers'},
      h('thead', null, h('tr', null, h('th', null, 'Worker name'), h('th', null, 'Last took a task'),
        h('th', null, 'In execution'))),
      h('tbody', null, [...workers.entries()].sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0)).map(([name, w]) =>
        h('tr', {'data-worker': name}, h('td', {class: 'mono'}, name || '(no name)'), h('td', null, time(w.at)),
          h('td', null, link(executionRoute(w.execution.executionArn), w.execution.name))))))
      : h('p', {class: 'muted', id: 'workers-none'}, 'No worker has taken a task in the executions read.'));
}

function short(text) {
  if (text == null) return '';
  const s = String(text);
  return s.length > 120 ? s.slice(0, 119) + '…' : s;
}

// ---- credentials -------------------------------------------------------------------------------

/** Where the reader gives (or forgets) the credentials the pages sign their calls with. */
function credentialsPage() {
  document.title = 'Credentials · Stepwise';
  const saved = credentials() || {};
  const field = (id, label, value, type = 'text') => [h('label', {for: id}, label),
    h('input', {id, type, value: value || '', autocomplete: 'off', spellcheck: 'false'})];
  const form = h('form', {class: 'start', id: 'credentials-form'},
    h('h2', null, 'Sign requests'),
    field('access-key-id', 'Access key ID', saved.accessKeyId),
    field('secret-access-key', 'Secret access key', saved.secretAccessKey, 'password'),
    field('session-token', 'Session token (optional)', saved.sessionToken, 'password'),
    field('signing-region', 'Region', saved.region || 'us-east-1'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'save-credentials'}, 'Sign with these'),
      h('button', {type: 'button', class: 'secondary', id: 'forget-credentials', onclick: () => {
        forgetCredentials();
        showCredentialsState();
        credentialsPage();
      }}, 'Forget them')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (id) => form.querySelector('#' + id).value.trim();
    saveCredentials({accessKeyId: value('access-key-id'), secretAccessKey: value('secret-access-key'),
      sessionToken: value('session-token') || undefined, region: value('signing-region') || 'us-east-1'});
    showCredentialsState();
    location.hash = '/state-machines';
  });
  replace(main, h('h1', null, 'Credentials'),
    h('p', {id: 'credentials-state'}, credentials() ? ['The pages sign their calls as ',
      h('strong', {class: 'mono'}, credentials().accessKeyId), ' in ', credentials().region, '.']
      : 'The pages send their calls unsigned: the server answers them in its default account and region.'),
    h('p', {class: 'muted'}, 'The credentials stay in this tab (sessionStorage) and leave it only as SigV4 ' +
      'signatures, as the AWS SDKs sign: the server answers in the account its configuration gives the access key.'),
    form);
}

/** The header's Credentials link says whose calls the pages make. */
function showCredentialsState() {
  const nav = document.getElementById('nav-credentials');
  if (nav) nav.textContent = credentials() ? 'Signed: ' + credentials().accessKeyId : 'Credentials';
}

// ---- an execution ------------------------------------------------------------------------------

async function executionPage(arn) {
  document.title = arnName(arn) + ' · Stepwise';
  let execution = await sfn('DescribeExecution', {executionArn: arn});
  const machine = await sfn('DescribeStateMachineForExecution', {executionArn: arn});
  // the first page of the history is drawn at once; the rest (up to 25,000 events) is read after
  const firstPage = await sfn('GetExecutionHistory', {executionArn: arn, maxResults: HISTORY_PAGE});
  let events = firstPage.events || [];
  let historyToken = firstPage.nextToken;
  let history = readHistory(events);
  let selected = null;
  // the iteration or branch drilled into: {state, label, run}; the graph and events show it alone
  let focus = null;
  const asl = parseOrNull(machine.definition);
  let mapRunBox = null;

  const header = h('div');
  const banner = h('div', {'aria-live': 'polite'});
  const actions = h('div', {class: 'actions'});
  const message = h('div', {'aria-live': 'assertive'});
  const graphHolder = h('div');
  const panel = h('aside', {class: 'state-panel', id: 'state-panel', 'aria-live': 'polite'},
    h('p', {class: 'muted'}, 'Select a state (click, or Tab to it and press Enter) to see its input, output and error.'));
  const historyTable = h('div');
  const focusNote = h('div', {'aria-live': 'polite'});
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/state-machines', 'State machines'), ' / ',
      link(stateMachineRoute(execution.stateMachineArn), arnName(execution.stateMachineArn)), ' / ',
      link(stateMachineRoute(execution.stateMachineArn) + '/executions', 'Executions'), ' / '),
    header, banner, actions, message,
    h('section', {class: 'execution-graph'}, h('div', null, h('h2', null, 'Graph'), legend(), focusNote, graphHolder),
      panel),
    h('section', null, h('h2', null, 'Input'), payload(pretty(execution.input), {id: 'execution-input'})),
    execution.output != null ? h('section', null, h('h2', null, 'Output'),
      payload(pretty(execution.output), {id: 'execution-output'})) : null,
    h('section', null, h('h2', null, 'Events'), historyTable));

  const wholeOutcomeOf = (name) => outcome(history.states.get(name), execution.status, history.failure);
  let focusOutcomeOf = null;
  const outcomeOf = (name) => (focusOutcomeOf && focusOutcomeOf(name)) || wholeOutcomeOf(name);
  const drillInto = (next) => {
    focus = next;
    focusView = {page: 0};
    focusOutcomeOf = focus ? outcomesWithin(focus.run) : null;
    tabled = -1;
    render();
  };
  const select = (name) => {
    selected = name;
    renderPanel();
    main.querySelectorAll('.node.selected').forEach((n) => n.classList.remove('selected'));
    main.querySelector(`.node[data-state="${CSS.escape(name)}"]`)?.classList.add('selected');
  };
  const graph = layoutOrNull(machine.definition);

  const renderPanel = () => {
    if (!selected) return;
    const r = history.states.get(selected);
    const result = outcomeOf(selected);
    replace(panel, h('h2', {id: 'panel-state'}, selected),
      h('p', null, 'Outcome: ', h('span', {class: 'outcome-tag outcome-' + result, id: 'panel-outcome'}, result)),
      r && r.lastError ? h('div', {class: 'state-error', id: 'panel-error'},
        h('p', null, h('strong', null, 'Error: '), h('span', {id: 'panel-error-name'}, r.lastError.error ?? '')),
        h('p', null, h('strong', null, 'Cause: '), h('span', {id: 'panel-cause'}, r.lastError.cause ?? ''))) : null,
      r && r.failures ? h('p', {class: 'muted'}, `${r.failures} error(s) recorded, ${Math.max(r.entered, 1)} entry(ies)`)
        : null,
      h('h3', null, 'Input'), payload(r ? pretty(r.input) : 'Not reached.', {id: 'panel-input'}),
      h('h3', null, 'Output'), payload(r && r.exited ? pretty(r.output) : 'No output.', {id: 'panel-output'}),
      variablesList(r), attemptsList(r), drillList());
  };

  /** The iterations or branches of the selected Map or Parallel state, or its map run. */
  const drillList = () => {
    const state = asl && findState(asl, selected);
    if (!state || !['Map', 'Parallel'].includes(state.Type)) return null;
    if (isDistributed(state)) return mapRunSection(arn, selected, history.states.get(selected), events);
    const runs = state.Type === 'Map' ? iterations(events, history, asl, selected, execution.status)
      : branches(events, history, asl, selected, execution.status);
    const label = (run) => state.Type === 'Map' ? 'Iteration #' + run.index : 'Branch ' + (run.index + 1) +
      ' (' + run.startAt + ')';
    const choose = (run) => drillInto({state: selected, label: label(run), run});
    const shown = runs.slice(0, RUNS_SHOWN);
    return h('section', {id: 'drill'},
      h('h3', null, state.Type === 'Map' ? `Iterations (${runs.length})` : `Branches (${runs.length})`),
      runs.length ? null : h('p', {class: 'muted'}, state.Type === 'Map' ? 'No iteration started.' : 'No branch.'),
      h('ul', {class: 'runs', id: 'runs'}, shown.map((run) => h('li', null,
        h('button', {type: 'button', class: 'run secondary' + (focus && focus.run.index === run.index &&
          focus.state === selected ? ' chosen' : ''), 'data-index': run.index, 'data-status': run.status,
        onclick: () => choose(run)}, label(run), ' ', h('span', {class: 'run-status run-' + run.status},
          run.status))))),
      runs.length > RUNS_SHOWN ? goToIteration(runs, choose) : null);
  };

  const mapRunSection = (executionArn, name, record, allEvents) => {
    if (mapRunBox && mapRunBox.dataset.state === name) return mapRunBox;
    mapRunBox = h('section', {id: 'map-run', 'data-state': name}, h('h3', null, 'Map run'),
      h('p', {class: 'muted'}, 'Loading…'));
    const ids = new Set(record ? record.events : []);
    const started = allEvents.find((e) => ids.has(e.id) && e.type === 'MapRunStarted');
    loadMapRun(mapRunBox, executionArn, name, started ? details(started).mapRunArn : null);
    return mapRunBox;
  };

  const render = () => {
    replace(header, h('h1', null, execution.name, ' ', statusBadge(execution.status)),
      h('dl', {class: 'facts'},
        h('dt', null, 'ARN'), h('dd', {class: 'mono'}, execution.executionArn),
        h('dt', null, 'Started'), h('dd', null, time(execution.startDate)),
        h('dt', null, 'Stopped'), h('dd', null, time(execution.stopDate)),
        execution.redriveCount ? [h('dt', null, 'Redriven'), h('dd', null, execution.redriveCount + ' time(s)')] : null));
    replace(banner, failureBanner(execution, history, select));
    replace(focusNote, focus ? h('div', {class: 'focus', id: 'focus'}, h('span', null, 'Showing ',
      h('strong', {id: 'focus-label'}, focus.label), ' of ', focus.state, ': its states are coloured by it alone and ' +
      'the events below are its own. '), h('button', {type: 'button', class: 'secondary', id: 'clear-focus',
      onclick: () => drillInto(null)}, 'Show the whole execution')) : null);
    replace(actions,
      execution.status === 'RUNNING' ? h('button', {type: 'button', id: 'stop-execution', class: 'danger',
        onclick: () => act('StopExecution', {executionArn: arn})}, 'Stop execution') : null,
      execution.redriveStatus === 'REDRIVABLE' ? h('button', {type: 'button', id: 'redrive-execution',
        onclick: () => act('RedriveExecution', {executionArn: arn})}, 'Redrive') : null);
    const drawn = graphHolder.querySelector('svg.graph');
    if (drawn) {
      paint(drawn, outcomeOf);
    } else {
      replace(graphHolder, graph ? h('div', {class: 'graph-frame', id: 'graph'}, draw(graph, outcomeOf, select))
        : h('div', {class: 'error', role: 'alert'}, 'The graph cannot be drawn.'));
    }
    renderPanel();
    if (tabled !== events.length) {
      // redrawn only when events arrived, so an opened row stays open between polls
      tabled = events.length;
      replace(historyTable, focus ? eventsTable(focus.run.events, history, focusView)
        : eventsTable(events, history, eventsView));
    }
  };
  let tabled = -1;
  const eventsView = {page: 0};
  let focusView = {page: 0};

  const act = async (operation, request) => {
    replace(message);
    try {
      await sfn(operation, request);
      await refresh(true);
      startPolling();
    } catch (e) {
      replace(message, errorBox(e));
    }
  };

  const refresh = async (full) => {
    execution = await sfn('DescribeExecution', {executionArn: arn});
    events = full ? await allPages('GetExecutionHistory', {executionArn: arn, maxResults: HISTORY_PAGE}, 'events')
      : events.concat(await newerEvents(arn, events));
    history = readHistory(events);
    if (focus) {
      // the iteration or branch drilled into, read again from the new events
      const state = findState(asl, focus.state);
      const runs = state.Type === 'Map' ? iterations(events, history, asl, focus.state, execution.status)
        : branches(events, history, asl, focus.state, execution.status);
      const run = runs.find((x) => x.index === focus.run.index);
      focus = run ? {...focus, run} : null;
      focusOutcomeOf = focus ? outcomesWithin(focus.run) : null;
    }
    render();
  };

  let timer = null;
  const stopPolling = () => {
    clearTimeout(timer);
    timer = null;
  };
  const startPolling = () => {
    if (timer || execution.status !== 'RUNNING') return;
    // one poll at a time: the next is armed after this one answers
    const tick = async () => {
      try {
        await refresh(false);
        replace(message);
      } catch (e) {
        replace(message, errorBox(e));
      }
      timer = execution.status === 'RUNNING' ? setTimeout(tick, POLL_MS) : null;
    };
    timer = setTimeout(tick, POLL_MS);
  };
  let left = false;
  leaving.push(stopPolling, () => { left = true; });
  render();
  if (historyToken) {
    replace(message, h('p', {class: 'muted', id: 'history-loading'}, 'Reading the history…'));
    try {
      // Polling starts once the whole history is read: it asks only for events newer than the last.
      while (historyToken && !left) {
        const page = await sfn('GetExecutionHistory', {executionArn: arn, maxResults: HISTORY_PAGE,
          nextToken: historyToken});
        events = events.concat(page.events || []);
        historyToken = page.nextToken;
        if (!left) replace(message, h('p', {class: 'muted', id: 'history-loading'},
          `Reading the history: ${events.length.toLocaleString()} events so far…`));
      }
      if (left) return;
      history = readHistory(events);
      replace(message);
      render();
    } catch (e) {
      replace(message, errorBox(e));
      return;
    }
  }
  startPolling();
}

function parseOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The variables a state assigned (Assign), as the events record them: name to JSON text. */
function variablesList(record) {
  if (!record || !record.variables) return null;
  return h('section', {id: 'panel-variables'}, h('h3', null, 'Variables assigned'),
    h('dl', {class: 'facts'}, Object.entries(record.variables).map(([name, value]) => [
      h('dt', {class: 'mono'}, name), h('dd', {class: 'mono', 'data-variable': name}, value)])));
}

/** A Task's attempts: the first try and each retry, with the error that ended a failed one. */
function attemptsList(record) {
  if (!record || !record.attempts.length) return null;
  return h('section', {id: 'panel-attempts'}, h('h3', null, 'Attempts'),
    h('p', null, h('span', {id: 'panel-retries'}, String(retries(record))), ' retr' + (retries(record) === 1 ? 'y'
      : 'ies')),
    h('ol', {class: 'attempts'}, record.attempts.map((a) => h('li', {'data-result': a.result},
      h('span', {class: 'run-status run-' + a.result}, a.result), ' ', time(a.timestamp),
      a.error != null ? [' ', h('strong', null, a.error)] : null, a.cause ? ': ' + a.cause : null))));
}

/** A number field to reach an iteration beyond the ones listed. */
function goToIteration(runs, choose) {
  const field = h('input', {type: 'number', min: 0, id: 'iteration-number', 'aria-label': 'Iteration number'});
  const note = h('span', {class: 'muted'});
  const form = h('form', {class: 'toolbar'}, h('span', {class: 'muted'}, `The first ${RUNS_SHOWN} are listed. `),
    field, h('button', {type: 'submit', class: 'secondary'}, 'Show'), note);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const run = runs.find((x) => x.index === Number(field.value));
    note.textContent = run ? '' : 'No such iteration.';
    if (run) choose(run);
  });
  return form;
}

/**
 * A distributed Map's run (DescribeMapRun) and its child executions (ListExecutions by mapRunArn),
 * a page at a time. mapRunArn comes from the MapRunStarted event; without one, ListMapRuns of the
 * execution is asked for the run whose label is the state's name.
 */
async function loadMapRun(box, executionArn, name, mapRunArn) {
  try {
    if (!mapRunArn) {
      const runs = await allPages('ListMapRuns', {executionArn}, 'mapRuns');
      mapRunArn = runs.find((r) => String(r.mapRunArn).split(':').slice(-2, -1)[0]?.endsWith('/' + name))?.mapRunArn;
    }
    if (!mapRunArn) {
      replace(box, h('h3', null, 'Map run'), h('p', {class: 'muted'}, 'No map run started yet.'));
      return;
    }
    const run = await sfn('DescribeMapRun', {mapRunArn});
    const counts = (c) => c ? `${c.succeeded} succeeded, ${c.failed} failed, ${c.running} running, ${c.pending} ` +
      `pending, ${c.aborted} aborted, ${c.timedOut} timed out of ${c.total}` : '';
    const children = h('div', {id: 'map-run-executions'});
    replace(box, h('h3', null, 'Map run'),
      h('dl', {class: 'facts'}, h('dt', null, 'Status'), h('dd', null, statusBadge(run.status)),
        h('dt', null, 'ARN'), h('dd', {class: 'mono', id: 'map-run-arn'}, run.mapRunArn),
        h('dt', null, 'Executions'), h('dd', {id: 'map-run-counts'}, counts(run.executionCounts)),
        h('dt', null, 'Items'), h('dd', null, counts(run.itemCounts))),
      h('h3', null, 'Child executions'), children);
    let nextToken;
    const page = async () => {
      const answer = await sfn('ListExecutions', {mapRunArn, maxResults: 20, ...(nextToken ? {nextToken} : {})});
      nextToken = answer.nextToken;
      children.querySelector('button.more')?.remove();
      children.append(executionsTable(answer.executions || []));
      if (nextToken) {
        children.append(h('button', {type: 'button', class: 'secondary more', onclick: () => page()
          .catch((e) => children.append(errorBox(e)))}, 'More child executions'));
      }
    };
    await page();
  } catch (e) {
    replace(box, h('h3', null, 'Map run'), errorBox(e));
  }
}

function layoutOrNull(definition) {
  try {
    return layout(readDefinition(definition));
  } catch {
    return null;
  }
}

/** The events after the last one known, read newest first until the known ones are reached. */
async function newerEvents(arn, events) {
  const lastId = events.length ? events[events.length - 1].id : 0;
  const newer = [];
  let nextToken;
  do {
    const page = await sfn('GetExecutionHistory', {executionArn: arn, reverseOrder: true, maxResults: 100,
      ...(nextToken ? {nextToken} : {})});
    const fresh = (page.events || []).filter((e) => e.id > lastId);
    newer.push(...fresh);
    if (fresh.length < (page.events || []).length) break;
    nextToken = page.nextToken;
  } while (nextToken);
  return newer.reverse();
}

function legend() {
  return h('ul', {class: 'legend', 'aria-label': 'Legend'}, OUTCOMES.map((o) => h('li', null,
    h('span', {class: 'swatch outcome-' + o}), o.replace('-', ' '))));
}

/** For a failed, timed out or aborted execution: which state, with what error and cause. */
function failureBanner(execution, history, select) {
  if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status)) return null;
  const f = history.failure || {};
  const error = execution.error ?? f.error;
  const cause = execution.cause ?? f.cause;
  const verb = {FAILED: 'failed', TIMED_OUT: 'timed out', ABORTED: 'was stopped'}[execution.status];
  return h('div', {class: 'failure', role: 'alert', id: 'failure'},
    h('p', null, h('strong', null, 'The execution ' + verb),
      f.state ? [' in state ', h('button', {type: 'button', class: 'linkish', id: 'failed-state',
        onclick: () => select(f.state)}, f.state)] : null, '.'),
    error != null ? h('p', null, h('strong', null, 'Error: '), h('span', {id: 'failure-error'}, error)) : null,
    cause != null ? h('p', null, h('strong', null, 'Cause: '), h('span', {id: 'failure-cause'}, cause)) : null);
}

/**
 * The events as a table a page of TABLE_ROWS at a time (a history runs to 25,000 events: drawing them
 * all at once would freeze the page); view.page survives redraws while the execution runs.
 */
function eventsTable(events, history, view) {
  const pages = Math.max(1, Math.ceil(events.length / TABLE_ROWS));
  view.page = Math.min(view.page ?? 0, pages - 1);
  const body = h('tbody');
  const where = h('span', {class: 'muted', id: 'events-range'});
  const buttons = {
    first: h('button', {type: 'button', class: 'secondary', id: 'events-first'}, '« First'),
    previous: h('button', {type: 'button', class: 'secondary', id: 'events-previous'}, '← Previous'),
    next: h('button', {type: 'button', class: 'secondary', id: 'events-next'}, 'Next →'),
    last: h('button', {type: 'button', class: 'secondary', id: 'events-last'}, 'Last »'),
  };
  const draw = () => {
    const from = view.page * TABLE_ROWS;
    replace(body, events.slice(from, from + TABLE_ROWS).map((e) => eventRow(e, history)));
    where.textContent = events.length ? `Events ${(from + 1).toLocaleString()}–` +
      `${Math.min(from + TABLE_ROWS, events.length).toLocaleString()} of ${events.length.toLocaleString()}`
      : 'No events.';
    buttons.first.disabled = buttons.previous.disabled = view.page === 0;
    buttons.next.disabled = buttons.last.disabled = view.page >= pages - 1;
  };
  const go = (page) => () => {
    view.page = Math.max(0, Math.min(pages - 1, page()));
    draw();
  };
  buttons.first.addEventListener('click', go(() => 0));
  buttons.previous.addEventListener('click', go(() => view.page - 1));
  buttons.next.addEventListener('click', go(() => view.page + 1));
  buttons.last.addEventListener('click', go(() => pages - 1));
  draw();
  const table = h('table', {class: 'list events', id: 'events'},
    h('thead', null, h('tr', null, h('th', null, 'ID'), h('th', null, 'Type'), h('th', null, 'State'),
      h('th', null, 'Time'), h('th', null, 'Details'))), body);
  if (pages === 1) return h('div', null, table, h('p', {class: 'muted'}, where));
  return h('div', null, h('div', {class: 'pager'}, buttons.first, buttons.previous, where, buttons.next,
    buttons.last), table);
}

function eventRow(event, history) {
  const d = details(event);
  const failed = /(Failed|TimedOut|Aborted)$/.test(event.type);
  let cell = '';
  if (Object.keys(d).length) {
    // the details are drawn when opened: an event may carry 256 KiB of input
    const shown = h('div');
    cell = h('details', {ontoggle: (e) => {
      if (e.target.open && !shown.firstChild) {
        shown.append(payload(JSON.stringify(d, (k, v) => (k === 'input' || k === 'output') &&
          typeof v === 'string' ? tryParse(v) : v, 2)));
      }
    }}, h('summary', null, 'Details'), shown);
  }
  return h('tr', {class: failed ? 'event-failed' : null, 'data-event-id': event.id},
    h('td', null, event.id), h('td', null, event.type), h('td', null, history.stateOf.get(event.id) ?? ''),
    h('td', null, time(event.timestamp)), h('td', null, cell));
}

const PAYLOAD_SHOWN = 16 * 1024;

/**
 * JSON text in a pre, pretty-printed; a large one shows its first PAYLOAD_SHOWN characters and a
 * button that draws the rest on demand (a 256 KiB payload drawn at once stalls the page).
 */
function payload(text, attrs = {}) {
  const full = text == null ? '' : text;
  if (full.length <= PAYLOAD_SHOWN) return h('pre', {class: 'code', ...attrs}, full);
  const pre = h('pre', {class: 'code', ...attrs}, full.slice(0, PAYLOAD_SHOWN) + '…');
  const more = h('button', {type: 'button', class: 'secondary show-all'},
    `Show all ${Math.ceil(full.length / 1024).toLocaleString()} KiB`);
  more.addEventListener('click', () => {
    pre.textContent = full;
    more.remove();
  });
  return h('div', {class: 'large-payload'}, pre, more);
}

function tryParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

window.addEventListener('hashchange', show);
showCredentialsState();
show();

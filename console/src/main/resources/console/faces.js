// The other faces' pages: Transfer Family servers, workflows and their executions in progress, and
// Image Builder images, their workflow executions and step executions, with Resume and Stop on a
// step that waits for an action. They call only those services' own APIs.
//   #/transfer/servers                       the servers and the workflows
//   #/transfer/servers/<id>                  a server and the workflows it runs on uploads
//   #/transfer/workflows/<id>                a workflow: its steps and its executions in progress
//   #/imagebuilder/images                    steps waiting for an action, and the images by recipe
//   #/imagebuilder/images/<arn>              an image: its workflow executions and their steps

import {imagebuilder, transfer} from './api.js';
import {errorBox, statusBadge} from './app.js';
import {h, link, pretty, replace} from './dom.js';

const POLL_MS = 1500;

// ---- Transfer Family ---------------------------------------------------------------------------

export function transferServerRoute(id) {
  return '/transfer/servers/' + encodeURIComponent(id);
}

export function transferWorkflowRoute(id) {
  return '/transfer/workflows/' + encodeURIComponent(id);
}

/** Every page of a Transfer listing (NextToken / MaxResults). */
async function transferPages(operation, request, member) {
  const items = [];
  let NextToken;
  do {
    const page = await transfer(operation, {...request, MaxResults: 1000, ...(NextToken ? {NextToken} : {})});
    items.push(...(page[member] || []));
    NextToken = page.NextToken;
  } while (NextToken);
  return items;
}

export async function transferServersPage(main) {
  document.title = 'Transfer · Stepwise';
  const [servers, workflows] = await Promise.all([transferPages('ListServers', {}, 'Servers'),
    transferPages('ListWorkflows', {}, 'Workflows')]);
  replace(main, h('h1', null, 'Transfer Family'),
    h('h2', null, 'Servers'),
    servers.length ? h('table', {class: 'list', id: 'transfer-servers'},
      h('thead', null, h('tr', null, ['Server', 'State', 'Endpoint', 'Identity provider', 'Users']
        .map((t) => h('th', null, t)))),
      h('tbody', null, servers.map((s) => h('tr', {'data-server': s.ServerId},
        h('td', null, link(transferServerRoute(s.ServerId), s.ServerId)), h('td', null, statusBadge(s.State)),
        h('td', null, s.EndpointType), h('td', null, s.IdentityProviderType), h('td', null, s.UserCount ?? '')))))
      : h('p', {class: 'muted', id: 'no-servers'}, 'No servers.'),
    h('h2', null, 'Workflows'),
    workflowsTable(workflows));
}

function workflowsTable(workflows) {
  if (!workflows.length) return h('p', {class: 'muted', id: 'no-workflows'}, 'No workflows.');
  return h('table', {class: 'list', id: 'transfer-workflows'},
    h('thead', null, h('tr', null, h('th', null, 'Workflow'), h('th', null, 'Description'))),
    h('tbody', null, workflows.map((w) => h('tr', {'data-workflow': w.WorkflowId},
      h('td', null, link(transferWorkflowRoute(w.WorkflowId), w.WorkflowId)), h('td', null, w.Description ?? '')))));
}

export async function transferServerPage(main, id) {
  document.title = id + ' · Stepwise';
  const {Server: s} = await transfer('DescribeServer', {ServerId: id});
  const details = s.WorkflowDetails || {};
  const runs = (list) => (list || []).length ? h('ul', {class: 'plain'}, list.map((d) => h('li', null,
    link(transferWorkflowRoute(d.WorkflowId), d.WorkflowId), ' ', h('span', {class: 'muted'}, 'as ' + d.ExecutionRole))))
    : h('p', {class: 'muted'}, 'None.');
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/transfer/servers', 'Transfer'), ' / '),
    h('h1', null, s.ServerId, ' ', statusBadge(s.State)),
    h('dl', {class: 'facts'},
      h('dt', null, 'ARN'), h('dd', {class: 'mono'}, s.Arn),
      h('dt', null, 'Protocols'), h('dd', null, (s.Protocols || []).join(', ')),
      h('dt', null, 'Endpoint'), h('dd', null, s.EndpointType),
      h('dt', null, 'Domain'), h('dd', null, s.Domain),
      h('dt', null, 'Identity provider'), h('dd', null, s.IdentityProviderType),
      h('dt', null, 'Users'), h('dd', null, s.UserCount ?? ''),
      h('dt', null, 'Host key'), h('dd', {class: 'mono'}, s.HostKeyFingerprint ?? '')),
    h('section', {id: 'on-upload'}, h('h2', null, 'Workflow on upload'), runs(details.OnUpload)),
    h('section', null, h('h2', null, 'Workflow on partial upload'), runs(details.OnPartialUpload)));
}

function describeStep(step) {
  const d = Object.entries(step).find(([k]) => k.endsWith('StepDetails'))?.[1] || {};
  return h('li', null, h('strong', null, step.Type), d.Name ? ' ' + d.Name : '',
    d.Target ? [' → ', h('span', {class: 'mono'}, d.Target)] : null);
}

function fileOf(location) {
  if (!location) return '';
  if (location.S3FileLocation) return 's3://' + location.S3FileLocation.Bucket + '/' + location.S3FileLocation.Key;
  if (location.EfsFileLocation) return location.EfsFileLocation.FileSystemId + ':' + location.EfsFileLocation.Path;
  return JSON.stringify(location);
}

/**
 * A workflow, its steps and its executions in progress (Transfer's ListExecutions lists only those;
 * AWS keeps finished ones in the server's logs), each with its step results (DescribeExecution).
 */
export async function transferWorkflowPage(main, id, leaving) {
  document.title = id + ' · Stepwise';
  const {Workflow: w} = await transfer('DescribeWorkflow', {WorkflowId: id});
  const list = h('div', {id: 'transfer-executions'});
  const message = h('div', {'aria-live': 'assertive'});
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/transfer/servers', 'Transfer'), ' / '),
    h('h1', null, w.WorkflowId),
    h('dl', {class: 'facts'}, h('dt', null, 'ARN'), h('dd', {class: 'mono'}, w.Arn),
      h('dt', null, 'Description'), h('dd', null, w.Description ?? '')),
    h('section', {class: 'columns'},
      h('div', null, h('h2', null, 'Steps'), h('ol', {id: 'workflow-steps'}, (w.Steps || []).map(describeStep))),
      h('div', null, h('h2', null, 'Exception steps'), (w.OnExceptionSteps || []).length
        ? h('ol', null, w.OnExceptionSteps.map(describeStep)) : h('p', {class: 'muted'}, 'None.'))),
    h('h2', null, 'Executions in progress'),
    h('p', {class: 'muted'}, 'Transfer Family lists only the executions in progress; a finished one leaves the ' +
      'list (its steps are in the server\'s log).'), message, list);
  const load = async () => {
    const executions = await transferPages('ListExecutions', {WorkflowId: id}, 'Executions');
    const described = await Promise.all(executions.map((x) => transfer('DescribeExecution',
      {WorkflowId: id, ExecutionId: x.ExecutionId}).then((d) => d.Execution).catch(() => null)));
    replace(list, executions.length ? h('table', {class: 'list'},
      h('thead', null, h('tr', null, ['Execution', 'Status', 'File', 'User', 'Step results']
        .map((t) => h('th', null, t)))),
      h('tbody', null, executions.map((x, i) => h('tr', {'data-execution': x.ExecutionId},
        h('td', {class: 'mono'}, x.ExecutionId), h('td', null, statusBadge(x.Status)),
        h('td', {class: 'mono'}, fileOf(x.InitialFileLocation)),
        h('td', null, x.ServiceMetadata?.UserDetails?.UserName ?? ''),
        h('td', null, stepResults(described[i]))))))
      : h('p', {class: 'muted', id: 'no-transfer-executions'}, 'No execution in progress.'));
  };
  let timer = null;
  const tick = async () => {
    try {
      await load();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e));
    }
    timer = setTimeout(tick, POLL_MS);
  };
  leaving.push(() => clearTimeout(timer));
  await load();
  timer = setTimeout(tick, POLL_MS);
}

function stepResults(execution) {
  const steps = execution?.Results?.Steps || [];
  const onException = execution?.Results?.OnExceptionSteps || [];
  if (!steps.length && !onException.length) return h('span', {class: 'muted'}, 'No step finished yet.');
  const item = (r) => h('li', {'data-step': r.StepType}, h('strong', null, r.StepType), ' ',
    r.Error ? h('span', {class: 'error-text'}, r.Error.Type + ': ' + r.Error.Message) : 'done');
  return h('ol', {class: 'step-results'}, steps.map(item),
    onException.length ? h('li', null, 'on exception:', h('ol', null, onException.map(item))) : null);
}

// ---- Image Builder -----------------------------------------------------------------------------

export function imageRoute(arn) {
  return '/imagebuilder/images/' + encodeURIComponent(arn);
}

/** Every page of an Image Builder listing (nextToken / maxResults, rest-json POST). */
async function imagebuilderPages(path, request, member) {
  const items = [];
  let nextToken;
  do {
    const page = await imagebuilder('POST', path, {...request, maxResults: 25, ...(nextToken ? {nextToken} : {})});
    items.push(...(page[member] || []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/** The image version ARN a recipe's builds fall under (names are lowercased, spaces and _ made -). */
function imageVersionOf(recipeArn) {
  const m = /^(arn:[^:]+:imagebuilder:[^:]+:[^:]+:)image-recipe\/([^/]+)\/(.+)$/.exec(recipeArn);
  return m ? m[1] + 'image/' + m[2].toLowerCase().replace(/[ _]/g, '-') + '/' + m[3] : null;
}

export async function imagesPage(main, leaving) {
  document.title = 'Image Builder · Stepwise';
  const waitingHolder = h('div', {id: 'waiting-steps-holder'});
  const images = h('div');
  replace(main, h('h1', null, 'Image Builder'),
    h('h2', null, 'Steps waiting for an action'), waitingHolder, h('h2', null, 'Images'), images);
  const recipes = await imagebuilderPages('/ListImageRecipes', {}, 'imageRecipeSummaryList');
  const builds = (await Promise.all(recipes.map((r) => imageVersionOf(r.arn)).filter(Boolean).map((v) =>
    imagebuilderPages('/ListImageBuildVersions', {imageVersionArn: v}, 'imageSummaryList')))).flat();
  builds.sort((a, b) => String(b.dateCreated).localeCompare(String(a.dateCreated)));
  replace(images, builds.length ? h('table', {class: 'list', id: 'images'},
    h('thead', null, h('tr', null, ['Image', 'Version', 'Status', 'Platform', 'Created'].map((t) => h('th', null, t)))),
    h('tbody', null, builds.map((i) => h('tr', {'data-arn': i.arn},
      h('td', null, link(imageRoute(i.arn), i.name)), h('td', {class: 'mono'}, i.version),
      h('td', null, statusBadge(i.state?.status)), h('td', null, i.platform), h('td', null, i.dateCreated)))))
    : h('p', {class: 'muted', id: 'no-images'}, 'No images of your recipes.'));
  await waitingSteps(waitingHolder, null, () => imagesPage(main, leaving));
}

/**
 * The steps waiting for an action (ListWaitingWorkflowSteps), of one image or all, each with Resume
 * and Stop (SendWorkflowStepAction); after an action, then() runs.
 */
async function waitingSteps(holder, imageArn, then) {
  const all = await imagebuilderPages('/ListWaitingWorkflowSteps', {}, 'steps');
  const steps = imageArn ? all.filter((s) => s.imageBuildVersionArn === imageArn) : all;
  // redrawn only when the waiting steps change, so a reason being typed survives a poll
  const seen = steps.map((s) => s.stepExecutionId).join(' ');
  if (holder.dataset.steps === seen) return;
  holder.dataset.steps = seen;
  const message = h('div', {'aria-live': 'assertive'});
  const reason = h('input', {type: 'text', id: 'action-reason', placeholder: 'Reason (optional)', maxlength: 200,
    'aria-label': 'Reason for the action'});
  const act = (step, action) => async () => {
    replace(message);
    holder.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await imagebuilder('PUT', '/SendWorkflowStepAction', {stepExecutionId: step.stepExecutionId,
        imageBuildVersionArn: step.imageBuildVersionArn, action, clientToken: crypto.randomUUID(),
        ...(reason.value.trim() ? {reason: reason.value.trim()} : {})});
      await then();
    } catch (e) {
      replace(message, errorBox(e));
      holder.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  };
  replace(holder, steps.length ? [h('table', {class: 'list', id: 'waiting-steps'},
    h('thead', null, h('tr', null, ['Step', 'Action', 'Image', 'Since', ''].map((t) => h('th', null, t)))),
    h('tbody', null, steps.map((s) => h('tr', {'data-step': s.stepExecutionId},
      h('td', null, s.name), h('td', null, s.action), h('td', null, link(imageRoute(s.imageBuildVersionArn),
        s.imageBuildVersionArn.split('/').slice(1).join('/'))), h('td', null, s.startTime),
      h('td', {class: 'actions'},
        h('button', {type: 'button', class: 'resume', onclick: act(s, 'RESUME')}, 'Resume'),
        h('button', {type: 'button', class: 'danger stop', onclick: act(s, 'STOP')}, 'Stop')))))),
  h('div', {class: 'toolbar'}, reason), message]
    : h('p', {class: 'muted', id: 'no-waiting-steps'}, 'No step is waiting for an action.'));
}

const BUILDING = new Set(['PENDING', 'CREATING', 'BUILDING', 'TESTING', 'DISTRIBUTING', 'INTEGRATING']);

/** An image, its workflow executions and their step executions, live while it builds. */
export async function imagePage(main, arn, leaving) {
  document.title = arn.split('/').slice(1).join('/') + ' · Stepwise';
  const header = h('div');
  const waitingHolder = h('div', {id: 'waiting-steps-holder'});
  const runs = h('div', {id: 'workflow-executions'});
  const message = h('div', {'aria-live': 'assertive'});
  replace(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/imagebuilder/images', 'Image Builder'), ' / '),
    header, message, h('h2', null, 'Waiting for an action'), waitingHolder, h('h2', null, 'Workflow executions'), runs);
  let status = null;
  const load = async () => {
    const {image} = await imagebuilder('GET', '/GetImage', {imageBuildVersionArn: arn});
    status = image.state?.status;
    replace(header, h('h1', null, image.name, ' ', h('span', {class: 'mono'}, image.version), ' ',
      h('span', {id: 'image-status'}, statusBadge(status))),
    h('dl', {class: 'facts'},
      h('dt', null, 'ARN'), h('dd', {class: 'mono'}, image.arn),
      image.state?.reason ? [h('dt', null, 'Reason'), h('dd', {id: 'image-reason'}, image.state.reason)] : null,
      h('dt', null, 'Recipe'), h('dd', {class: 'mono'}, image.imageRecipe?.arn ?? ''),
      h('dt', null, 'Created'), h('dd', null, image.dateCreated ?? '')));
    const executions = await imagebuilderPages('/ListWorkflowExecutions', {imageBuildVersionArn: arn},
      'workflowExecutions');
    const steps = await Promise.all(executions.map((x) => imagebuilderPages('/ListWorkflowStepExecutions',
      {workflowExecutionId: x.workflowExecutionId}, 'steps')));
    replace(runs, executions.length ? executions.map((x, i) => h('section', {class: 'workflow-run',
      'data-run': x.workflowExecutionId},
    h('h3', null, x.type, ' · ', h('span', {class: 'mono'}, x.workflowBuildVersionArn.split('/').slice(1).join('/')),
      ' ', statusBadge(x.status)),
    h('p', {class: 'muted'}, `${x.totalStepsSucceeded ?? 0} of ${x.totalStepCount ?? 0} steps succeeded, ` +
      `${x.totalStepsFailed ?? 0} failed, ${x.totalStepsSkipped ?? 0} skipped · started ${x.startTime ?? ''}` +
      (x.endTime ? ', ended ' + x.endTime : '') + (x.message ? ' · ' + x.message : '')),
    stepsTable(steps[i]))) : h('p', {class: 'muted'}, 'No workflow execution yet.'));
    await waitingSteps(waitingHolder, arn, () => load());
  };
  let timer = null;
  const tick = async () => {
    try {
      await load();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e));
    }
    timer = BUILDING.has(status) ? setTimeout(tick, POLL_MS) : null;
  };
  leaving.push(() => clearTimeout(timer));
  await load();
  if (BUILDING.has(status)) timer = setTimeout(tick, POLL_MS);
}

function stepsTable(steps) {
  return h('table', {class: 'list steps'},
    h('thead', null, h('tr', null, ['Step', 'Action', 'Status', 'Rollback', 'Message', 'Started', 'Ended', 'Outputs']
      .map((t) => h('th', null, t)))),
    h('tbody', null, steps.map((s) => h('tr', {'data-step': s.stepExecutionId, 'data-name': s.name,
      'data-status': s.status},
    h('td', null, s.name), h('td', null, s.action), h('td', null, statusBadge(s.status)),
    h('td', null, s.rollbackStatus ?? ''), h('td', null, s.message ?? ''), h('td', null, s.startTime ?? ''),
    h('td', null, s.endTime ?? ''),
    h('td', null, s.outputs ? h('details', null, h('summary', null, 'Outputs'), h('pre', {class: 'code'},
      pretty(s.outputs))) : '')))));
}

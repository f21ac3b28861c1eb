// The event explorer: a client of Tally's public API, with the user's own login.
// Everything it shows comes from the API, so it can show nobody more than the API would.
// Data only ever goes into the page as text (never as HTML), and the page runs under a strict
// Content-Security-Policy: no inline scripts, styles or event handlers (SecurityHeaders).
//
// The password is sent once, to POST /api/auth/token, and never kept: the session holds only
// the short-lived bearer token, when it expires and whose it is. A script that got into the page
// could read sessionStorage, and would find a token that expires, not a password.

const $ = (id) => document.getElementById(id);

const STORED = {token: 'tally.token', expiresAt: 'tally.expiresAt', username: 'tally.username'};
// read once by the login form after the page was reloaded for an expired session
const EXPIRED = 'tally.sessionExpired';

const session = {
    token: sessionStorage.getItem(STORED.token),
    expiresAt: Number(sessionStorage.getItem(STORED.expiresAt)) || 0,
    username: sessionStorage.getItem(STORED.username),
    admin: false,
    expired() {
        return Date.now() >= this.expiresAt;
    },
};

class ApiError extends Error {
    constructor(status, detail) {
        super(detail);
        this.status = status;
    }
}

// the headers of every call: the token, and no challenge (so the browser shows no login dialog of its own)
function headers(accept) {
    return {Authorization: `Bearer ${session.token}`, Accept: accept, 'X-Requested-With': 'XMLHttpRequest'};
}

async function api(path, {method = 'GET', body} = {}) {
    if (session.expired()) {
        sessionExpired();
        throw new ApiError(401, 'Your session has expired.');
    }
    const request = headers('application/json, application/problem+json');
    if (body !== undefined) {
        request['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {method, headers: request,
        body: body === undefined ? undefined : JSON.stringify(body)});
    if (response.status === 401) {
        sessionExpired();
    }
    return answer(response);
}

async function answer(response) {
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
        throw new ApiError(response.status, (json && (json.detail || json.title)) || response.statusText);
    }
    return json;
}

function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
        node.textContent = String(text);
    }
    if (className) {
        node.className = className;
    }
    return node;
}

function basic(username, password) {
    const bytes = new TextEncoder().encode(`${username}:${password}`);
    return 'Basic ' + btoa(String.fromCharCode(...bytes));
}

function time(instant) {
    return new Date(instant).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

// ---- logging in -------------------------------------------------------------------------------

// the only request with the password: it buys a token, and the password is forgotten
async function logIn(username, password) {
    const response = await fetch('/api/auth/token', {method: 'POST', headers: {
        Authorization: basic(username, password),
        Accept: 'application/json, application/problem+json',
        'X-Requested-With': 'XMLHttpRequest',
    }});
    const token = await answer(response);
    session.token = token.access_token;
    session.expiresAt = Date.now() + token.expires_in * 1000;
    session.username = username;
    sessionStorage.setItem(STORED.token, session.token);
    sessionStorage.setItem(STORED.expiresAt, String(session.expiresAt));
    sessionStorage.setItem(STORED.username, username);
}

// An expired or refused token ends the session: the page starts afresh (no stream, no timer of the
// old session is left) and asks for the login again, saying why.
function sessionExpired() {
    feed.controller?.abort();
    sessionStorage.clear();
    sessionStorage.setItem(EXPIRED, 'true');
    location.reload();
}

async function isAdmin() {
    try {
        await api('/api/admin/processors');
        return true;
    } catch (error) {
        if (error.status === 403) {
            return false;
        }
        throw error;
    }
}

async function start() {
    // the token's end is the session's end, even while nothing is asked of the API
    // (a timer's delay has 31 bits: a longer one would fire at once)
    setTimeout(sessionExpired, Math.min(2 ** 31 - 1, Math.max(0, session.expiresAt - Date.now())));
    session.admin = await isAdmin();
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = `${session.username}${session.admin ? ' (admin)' : ''}`;
    await listAccounts();
    await listAlerts();
    feed.open();
    if (session.admin) {
        $('admin').hidden = false;
        admin.start();
    }
}

$('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
        await logIn($('username').value, $('password').value);
        $('password').value = '';
        await start();
    } catch (error) {
        $('login-error').textContent = error.status === 401 ? 'Wrong user or password.' : error.message;
    }
});

if (sessionStorage.getItem(EXPIRED)) {
    sessionStorage.removeItem(EXPIRED);
    $('login-error').textContent = 'Your session has expired. Please log in again.';
}

$('logout').addEventListener('click', () => {
    sessionStorage.clear();
    location.reload();
});

// ---- finding an entity --------------------------------------------------------------------------

// The caller's accounts, a page of 100 at a time: a button under the list fetches the next page
async function listAccounts(page = 0) {
    const list = $('my-accounts');
    if (page === 0) {
        list.replaceChildren();
    }
    const more = list.querySelector('li.more');
    let found;
    try {
        more?.remove();
        found = await api(`/api/accounts?size=100&page=${page}`);
    } catch (error) {
        if (more) {
            // the page did not come: the button stays, to try again, and says why
            more.querySelector('button').textContent = `more (failed: ${error.message}; try again)`;
            list.append(more);
        }
        throw error;
    }
    if (page === 0 && found.content.length === 0) {
        list.append(element('li', 'none yet'));
    }
    for (const account of found.content) {
        const item = element('li');
        const link = element('button', `${account.holderName}: ${account.balance} ${account.currency}`, 'link');
        link.dataset.accountId = account.accountId;
        link.title = account.accountId;
        link.addEventListener('click', () => entity.open('accounts', account.accountId));
        item.append(link);
        list.append(item);
    }
    if (page + 1 < found.page.totalPages) {
        const item = element('li', null, 'more');
        const shown = page * 100 + found.content.length;
        const next = element('button', `more (${shown} of ${found.page.totalElements} shown)`, 'link');
        next.id = 'more-accounts';
        next.addEventListener('click', () => listAccounts(page + 1).catch(() => { }));
        item.append(next);
        list.append(item);
    }
}

// The newest alerts on the caller's accounts (an admin's: all), listed again when one comes on the feed
async function listAlerts() {
    const list = $('alerts');
    list.replaceChildren();
    const page = await api('/api/alerts?size=20');
    if (page.content.length === 0) {
        list.append(element('li', 'none'));
    }
    for (const alert of page.content) {
        const item = element('li', null, 'alert');
        const amount = alert.currency ? `${alert.value} ${alert.currency} > ${alert.threshold}` : `${alert.value} > ${alert.threshold}`;
        const link = element('button', `${alert.rule}: ${amount}`, 'link');
        link.dataset.alertId = alert.alertId;
        link.dataset.accountId = alert.accountId;
        link.title = `account ${alert.accountId}, ${time(alert.windowStart)} to ${time(alert.windowEnd)}`;
        link.addEventListener('click', () => entity.open('accounts', alert.accountId));
        item.append(element('span', time(alert.detectedAt), 'when'), link);
        list.append(item);
    }
}

// The feed follows the event store, the list the alerts' read model, which may not show a new alert
// yet: the list is read again until it does (for a few seconds)
async function showAlert(alertId) {
    for (let attempt = 0; attempt < 20; attempt++) {
        await listAlerts();
        if ($('alerts').querySelector(`button[data-alert-id="${CSS.escape(alertId)}"]`)) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 250));
    }
}

$('find-form').addEventListener('submit', (event) => {
    event.preventDefault();
    entity.open($('kind').value, $('entity-id').value.trim());
});

// ---- one entity: its timeline and its state at any version -----------------------------------

const entity = {
    kind: null,
    id: null,
    events: [],
    states: new Map(),

    async open(kind, id, keepVersion = false) {
        const previousLast = this.events.length ? this.events[this.events.length - 1].sequence : null;
        const shown = Number($('slider').value);
        if (kind !== this.kind || id !== this.id) {
            this.states = new Map(); // a version's state never changes, so it is kept while the entity is open
        }
        this.kind = kind;
        this.id = id;
        $('entity').hidden = false;
        $('entity-error').textContent = '';
        $('entity-title').textContent = `${kind.slice(0, -1)} ${id}`;
        try {
            this.events = await api(`/api/${kind}/${encodeURIComponent(id)}/events`);
        } catch (error) {
            this.events = [];
            $('timeline').replaceChildren();
            $('state').replaceChildren();
            $('entity-error').textContent = error.message;
            return;
        }
        this.renderTimeline();
        const last = this.events[this.events.length - 1].sequence;
        // a new event moves the slider along only if it was showing the latest state
        const version = keepVersion && shown !== previousLast ? shown : last;
        $('slider').max = String(last);
        $('slider').value = String(version);
        await this.show(version);
    },

    renderTimeline() {
        const timeline = $('timeline');
        timeline.replaceChildren();
        for (const event of this.events) {
            const item = element('li');
            item.dataset.sequence = event.sequence;
            const head = element('div', null, 'event-head');
            head.append(element('span', `#${event.sequence}`, 'sequence'),
                element('span', event.type, 'type'),
                element('span', `rev ${event.revision ?? '-'}`, 'revision'),
                element('time', time(event.timestamp)));
            const who = event.metadata || {};
            const meta = element('div', `by ${who.username ?? 'the system'}`
                + (who.correlationId ? `, correlation ${who.correlationId}` : ''), 'meta');
            const details = element('details');
            details.append(element('summary', 'payload and metadata'),
                element('pre', JSON.stringify(event.payload, null, 2)),
                element('pre', JSON.stringify(event.metadata, null, 2)));
            item.append(head, meta, details);
            item.addEventListener('click', (click) => {
                if (click.target.tagName !== 'SUMMARY') {
                    $('slider').value = String(event.sequence);
                    this.show(event.sequence);
                }
            });
            timeline.append(item);
        }
    },

    async stateAt(version) {
        if (version < 0) {
            return null;
        }
        if (!this.states.has(version)) {
            this.states.set(version, await api(
                `/api/${this.kind}/${encodeURIComponent(this.id)}/history?atVersion=${version}`));
        }
        return this.states.get(version);
    },

    async show(version) {
        const event = this.events.find((candidate) => candidate.sequence === version);
        $('slider-label').textContent = event ? `#${version} ${event.type}, ${time(event.timestamp)}` : `#${version}`;
        for (const item of $('timeline').children) {
            const sequence = Number(item.dataset.sequence);
            item.classList.toggle('selected', sequence === version);
            item.classList.toggle('future', sequence > version);
        }
        try {
            const [before, after] = await Promise.all([this.stateAt(version - 1), this.stateAt(version)]);
            if (Number($('slider').value) === version) {
                this.renderState(before, after, version);
            }
        } catch (error) {
            $('entity-error').textContent = error.message;
        }
    },

    renderState(before, after, version) {
        $('state-version').textContent = String(version);
        const table = $('state');
        table.replaceChildren();
        for (const [key, value] of Object.entries(after)) {
            const row = element('tr');
            row.dataset.field = key;
            const shown = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
            const changed = before !== null && JSON.stringify(before[key]) !== JSON.stringify(value);
            row.classList.toggle('changed', changed);
            row.append(element('th', key), this.valueCell(key, shown));
            table.append(row);
        }
    },

    // ids of related entities open them
    valueCell(key, shown) {
        const cell = element('td');
        const related = {accountId: 'accounts', orderId: 'orders', paymentId: 'payments'}[key];
        if (related && shown && key !== `${this.kind.slice(0, -1)}Id`) {
            const link = element('button', shown, 'link');
            link.addEventListener('click', () => this.open(related, shown));
            cell.append(link);
        } else {
            cell.textContent = shown ?? '';
        }
        return cell;
    },
};

$('slider').addEventListener('input', () => entity.show(Number($('slider').value)));

// ---- the live feed: server-sent events read with fetch, which (unlike EventSource) can log in ----

const feed = {
    controller: null,
    lastEventId: null,

    open() {
        this.controller?.abort();
        const controller = new AbortController();
        this.controller = controller;
        this.read(controller).catch(() => {
            if (!controller.signal.aborted) {
                this.status('reconnecting');
                setTimeout(() => this.controller === controller && this.open(), 2000);
            }
        });
    },

    async read(controller) {
        const types = $('feed-types').value.trim();
        const request = headers('text/event-stream');
        if (this.lastEventId) {
            request['Last-Event-ID'] = this.lastEventId;
        }
        const response = await fetch('/api/events/stream' + (types ? `?types=${encodeURIComponent(types)}` : ''),
            {headers: request, signal: controller.signal});
        if (response.status === 401) {
            sessionExpired();
            return;
        }
        if (response.status === 429) {
            // too many live streams (this user's other tabs, or the server's): try again when it says
            const seconds = Number(response.headers.get('Retry-After')) || 15;
            this.status(`busy, trying again in ${seconds} s`);
            setTimeout(() => this.controller === controller && this.open(), seconds * 1000);
            return;
        }
        if (!response.ok) {
            this.status(`failed: ${response.status}`);
            return;
        }
        this.status('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
            const {value, done} = await reader.read();
            if (done) {
                throw new Error('stream ended');
            }
            buffer += value.replace(/\r\n/g, '\n');
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
                this.dispatch(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
            }
        }
    },

    dispatch(block) {
        let id = null;
        const data = [];
        for (const line of block.split('\n')) {
            if (line.startsWith('id:')) {
                id = line.slice(3).trim();
            } else if (line.startsWith('data:')) {
                data.push(line.slice(5).replace(/^ /, ''));
            }
        }
        if (data.length === 0) {
            return; // a heartbeat
        }
        if (id) {
            this.lastEventId = id;
        }
        this.show(JSON.parse(data.join('\n')));
    },

    show(event) {
        const item = element('li');
        item.dataset.type = event.type;
        item.dataset.aggregateId = event.aggregateId ?? '';
        item.append(element('span', time(event.timestamp), 'when'),
            element('span', event.type, 'type'),
            element('span', `${event.aggregateType ?? ''} ${event.aggregateId ?? ''} #${event.sequence ?? '-'}`),
            element('code', JSON.stringify(event.payload)));
        let kind = {Account: 'accounts', Order: 'orders', Payment: 'payments'}[event.aggregateType];
        if (event.type === 'AlertRaised') {
            // an alert stands out in the feed, opens its account, and joins the list of alerts
            item.classList.add('alert');
            kind = 'accounts';
            showAlert(event.aggregateId).catch(() => {});
            event = {...event, aggregateId: event.payload.accountId};
        }
        if (kind) {
            item.classList.add('openable');
            item.addEventListener('click', () => entity.open(kind, event.aggregateId));
        }
        const list = $('feed');
        list.prepend(item);
        while (list.children.length > 200) {
            list.lastChild.remove();
        }
        if (kind === entity.kind && event.aggregateId === entity.id) {
            entity.open(entity.kind, entity.id, true);
        }
    },

    status(text) {
        $('feed-status').textContent = text;
    },
};

$('feed-types').addEventListener('change', () => {
    $('feed').replaceChildren();
    feed.lastEventId = null;
    feed.open();
});

// ---- for admins: processors, dead letters, sales ---------------------------------------------

const admin = {
    replaysRequested: new Set(),

    start() {
        this.refresh();
        setInterval(() => this.refresh(), 2000);
    },

    async refresh() {
        try {
            const [processors, deadLetters, sales] = await Promise.all([
                api('/api/admin/processors'), api('/api/admin/dead-letters'), api('/api/analytics/sales/hourly')]);
            this.renderProcessors(processors);
            this.renderDeadLetters(deadLetters);
            this.renderSales(sales);
        } catch (error) {
            $('admin').dataset.error = error.message;
        }
    },

    renderProcessors(processors) {
        const table = $('processors');
        table.replaceChildren(this.header('name', 'running', 'segments', 'position', 'lag', 'replay', ''));
        for (const processor of processors) {
            const row = element('tr');
            row.dataset.processor = processor.name;
            if (this.replaysRequested.has(processor.name)) {
                row.dataset.replayRequested = 'true';
            }
            const replay = element('td');
            if (processor.replaying) {
                const progress = element('progress');
                progress.max = 1;
                progress.value = processor.progress ?? 0;
                replay.append(progress, element('span', ` ${Math.round((processor.progress ?? 0) * 100)}%`));
            } else {
                replay.textContent = 'idle';
            }
            replay.className = 'replay-state';
            const action = element('td');
            const button = element('button', 'Replay');
            button.className = 'replay';
            button.disabled = processor.replaying;
            button.addEventListener('click', async () => {
                button.disabled = true;
                try {
                    await api(`/api/admin/processors/${encodeURIComponent(processor.name)}/replay`, {method: 'POST'});
                    this.replaysRequested.add(processor.name);
                } catch (error) {
                    replay.textContent = error.message;
                }
                this.refresh();
            });
            action.append(button);
            row.append(element('td', processor.name), element('td', processor.running ? 'yes' : 'no'),
                element('td', processor.segments), element('td', processor.position ?? '-'),
                element('td', processor.lag), replay, action);
            table.append(row);
        }
    },

    renderDeadLetters(letters) {
        const table = $('dead-letters');
        table.replaceChildren(this.header('processor', 'aggregate', 'event', 'error', ''));
        if (letters.length === 0) {
            const row = element('tr');
            row.append(element('td', 'none'));
            table.append(row);
        }
        for (const letter of letters) {
            const row = element('tr');
            const retry = element('button', 'Retry');
            retry.addEventListener('click', async () => {
                retry.disabled = true;
                await api(`/api/admin/dead-letters/${encodeURIComponent(letter.processor)}/retry`, {method: 'POST'})
                    .catch((error) => { retry.textContent = error.message; });
                this.refresh();
            });
            const action = element('td');
            action.append(retry);
            row.append(element('td', letter.processor), element('td', letter.aggregateId),
                element('td', letter.eventType), element('td', `${letter.errorType}: ${letter.errorMessage}`), action);
            table.append(row);
        }
    },

    // one bar per hour of the last day: paid orders, with the revenue in the tooltip
    renderSales(sales) {
        const svg = $('sales-chart');
        const ns = 'http://www.w3.org/2000/svg';
        svg.replaceChildren();
        const now = Date.now();
        const firstHour = Math.floor(now / 3600000) * 3600000 - 23 * 3600000;
        const perHour = new Map();
        for (const row of sales) {
            const hour = Date.parse(row.hour);
            const entry = perHour.get(hour) ?? {orders: 0, revenue: []};
            entry.orders += row.orders;
            entry.revenue.push(`${row.revenue} ${row.currency}`);
            perHour.set(hour, entry);
        }
        const most = Math.max(1, ...[...perHour.values()].map((entry) => entry.orders));
        for (let index = 0; index < 24; index++) {
            const hour = firstHour + index * 3600000;
            const entry = perHour.get(hour) ?? {orders: 0, revenue: []};
            const height = Math.round(140 * entry.orders / most);
            const bar = document.createElementNS(ns, 'rect');
            bar.setAttribute('x', String(index * 30 + 4));
            bar.setAttribute('y', String(150 - height));
            bar.setAttribute('width', '22');
            bar.setAttribute('height', String(height));
            bar.setAttribute('class', 'bar');
            const title = document.createElementNS(ns, 'title');
            title.textContent = `${new Date(hour).toISOString().slice(11, 16)} UTC: ${entry.orders} orders`
                + (entry.revenue.length ? `, ${entry.revenue.join(', ')}` : '');
            bar.append(title);
            const label = document.createElementNS(ns, 'text');
            label.setAttribute('x', String(index * 30 + 15));
            label.setAttribute('y', '168');
            label.setAttribute('text-anchor', 'middle');
            label.textContent = new Date(hour).toISOString().slice(11, 13);
            svg.append(bar, label);
        }
    },

    header(...names) {
        const row = element('tr');
        row.append(...names.map((name) => element('th', name)));
        return row;
    },
};

if (session.token) {
    start().catch((error) => {
        if (error.status !== 401) { // a 401 has ended the session already
            sessionStorage.clear();
            session.token = null;
        }
    });
}

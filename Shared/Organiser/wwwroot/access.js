// Who is signed in (GET /api/me: a person of the people table, or a script's key typed in during development) and
// what the person's roles let the page offer. The API decides in any case (a call the roles do not allow answers 403);
// the page leaves out what would be refused, so a leader sees no action and an organiser no complaint board.
// How to sign in here comes from the server, on the shell's <body> (OrganiserPage.cs): the sign-in and sign-out
// addresses and whether the key form is offered (Development only).

const server = document.body.dataset;

/** The host's sign-in: url (null where nobody can sign in), outUrl, outMethod (GET: a link; POST: the page posts), keyForm. */
export const signIn = Object.freeze({
  url: server.signIn || null,
  outUrl: server.signOut || null,
  outMethod: server.signOutMethod === 'POST' ? 'POST' : 'GET',
  keyForm: server.keyForm === 'true',
});

// What each part of the page needs (the same roles as the API's RouteAccess table).
const NEEDS = {
  'courses.read': ['organiser', 'leader'],
  'courses.change': ['organiser'],
  'cases.read': ['officer', 'leader'],
  'cases.act': ['officer'],
  people: ['administrator'],
};

let who = null;

/** The caller as /api/me answered ({ id, name, source, roles, units, allUnits }), or null. */
export function caller() {
  return who;
}

export function setCaller(me) {
  who = me ?? null;
  // For the stylesheet and the browser tests: the roles the page is drawn for.
  if (who) document.body.dataset.roles = who.roles.join(' ');
  else delete document.body.dataset.roles;
}

/** can('courses.change') → whether the caller's roles allow it. */
export function can(what) {
  return Boolean(who) && (NEEDS[what] ?? []).some((role) => who.roles.includes(role));
}

// As the server compares units (UnitKeys.Normalize): trimmed, composed, lower case, single spaces.
const unitKey = (unit) => String(unit ?? '').trim().normalize('NFC').toLowerCase().split(' ').filter(Boolean).join(' ');

/** An officer's own unit (a key of every unit, too): he may register and act on its cases. */
export function handles(unit) {
  return can('cases.act') && (who.allUnits || who.units.map(unitKey).includes(unitKey(unit)));
}

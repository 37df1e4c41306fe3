// Where each user lands (the page shown for an empty address): where their
// work is. A liaison's work is the acknowledgements due and an analyst's
// the incidents to assess, both on the queues page; everyone else (an
// observer, a reporter, an admin) starts on the map; the public on the
// public page.
const byRole = { liaison: '/queues', analyst: '/queues' };

// landingPath returns the path to show me (a principal, or null for the
// public) when the address names no page.
export function landingPath(me) {
  if (!me) return '/public';
  return byRole[me.role] || '/map';
}

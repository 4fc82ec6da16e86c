// New versus returning clients, only where the client allows it: the join form's unticked box "Onthoud op dit
// apparaat dat ik hier eerder was". Ticked, this device keeps in localStorage a mark per organisation that holds
// nothing but `true`: no id, no name, no date. The server is told only the JoinQueue `visit` answer (first or
// returning); it never gets anything to recognise the device by. Not ticked: the answer is VISIT_UNSPECIFIED and
// an earlier mark is forgotten. Quick exit ("Snel weg") clears localStorage, so the mark goes with it; erasing
// one's chat forgets it too (the mark would show that the service was used).
import { Keys, readDevice, writeDevice, removeDevice } from './storage.js';

/** Whether this device carries the mark of an earlier visit to the organisation. */
export function hasVisitMark(organisation) {
  return readDevice(Keys.visitMark(organisation)) === true;
}

/** The JoinQueue `visit` value: only with the client's agreement, else VISIT_UNSPECIFIED (nothing is inferred). */
export function visitAnswer(organisation, agreed) {
  if (!agreed) return 'VISIT_UNSPECIFIED';
  return hasVisitMark(organisation) ? 'VISIT_RETURNING' : 'VISIT_FIRST';
}

/** After a join: keep the mark when the client agreed, forget it when they did not. */
export function settleVisitMark(organisation, agreed) {
  if (agreed) writeDevice(Keys.visitMark(organisation), true);
  else forgetVisitMark(organisation);
}

export function forgetVisitMark(organisation) {
  removeDevice(Keys.visitMark(organisation));
}

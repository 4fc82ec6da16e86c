// The professional workspace's private talks (TalkModel): the groups I moderate, the members' requests there, and my
// open talks, kept up to date by the PrivateTalk pushes; and the meeting form's checks and prefilled time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TalkModel } from '../src/main/web/js/talkModel.js';
import { localInputValue, meetingProblems } from '../src/main/web/js/views/pro/roomPeople.js';

const rooms = [
  { id: 'r1', name: 'Mantelzorgers Noord', moderatorIds: ['anna', 'bert'] },
  { id: 'r2', name: 'Jonge ouders', moderatorIds: ['bert'] },
];

function model() {
  const m = new TalkModel({ myName: () => 'Anna de Vries' });
  m.setRooms(rooms, 'anna');
  return m;
}

test('only the groups I moderate count, with their names', () => {
  const m = model();
  assert.deepEqual([...m.rooms.keys()], ['r1']);
  assert.equal(m.roomName('r1'), 'Mantelzorgers Noord');
  assert.equal(m.apply({ id: 't9', roomId: 'r2', state: 'TALK_REQUESTED', nickname: 'Els' }), '', 'a group of someone else');
  assert.equal(m.requests.size, 0);
});

test('a request comes, another moderator picks it up: it goes, and is not mine', () => {
  const m = model();
  const changes = [];
  m.on('change', (kind) => changes.push(kind));
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_REQUESTED', nickname: 'Els', requestedAt: '2026-11-29T10:00:00Z' }), 'requested');
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_REQUESTED', nickname: 'Els' }), '', 'the same request again is nothing new');
  assert.deepEqual(m.requestList().map((x) => x.id), ['t1']);
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c1', moderatorName: 'Bert Bakker', nickname: 'Els' }), 'taken');
  assert.equal(m.requests.size, 0);
  assert.equal(m.mine.size, 0);
  assert.ok(changes.length >= 3);
});

test('a talk I pick up is mine (also from the answer alone); ending it takes it away', () => {
  const m = model();
  m.apply({ id: 't1', roomId: 'r1', state: 'TALK_REQUESTED', nickname: 'Els' });
  // the answer to ClaimPrivateTalk: mine whatever name it carries
  assert.equal(m.addMine({ id: 't1', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c1', moderatorName: 'A. de Vries', nickname: 'Els' }), 'mine');
  assert.equal(m.talkOf('c1').nickname, 'Els');
  assert.equal(m.requests.size, 0);
  // the push of the same talk after the answer changes nothing
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c1', moderatorName: 'A. de Vries', nickname: 'Els' }), '');
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_ENDED', conversationId: 'c1', nickname: 'Els' }), 'ended');
  assert.equal(m.talkOf('c1'), null);
});

test('after a reload: my open talks from HelloOk and ListPrivateTalks, the requests of the group', () => {
  const m = new TalkModel({ myName: () => '' });
  m.knowMine(['c1']);
  m.setRooms(rooms, 'bert');
  m.setRoomTalks('r1', [
    { id: 't1', state: 'TALK_OPEN', conversationId: 'c1', nickname: 'Els', openedAt: '2026-11-29T10:00:00Z' },
    { id: 't2', state: 'TALK_OPEN', conversationId: 'c2', nickname: 'Jan', moderatorName: 'Anna de Vries' },
    { id: 't3', state: 'TALK_REQUESTED', nickname: 'Piet', requestedAt: '2026-11-29T11:00:00Z' },
    { id: 't4', state: 'TALK_REQUESTED', nickname: 'Mia', requestedAt: '2026-11-29T09:00:00Z' },
  ]);
  assert.deepEqual(m.mineList().map((x) => x.id), ['t1'], "a colleague's open talk is not mine");
  assert.deepEqual(m.requestList().map((x) => x.nickname), ['Mia', 'Piet'], 'oldest first');
  assert.equal(m.talkOf('c1').roomId, 'r1');
  // a new list of the group replaces what was known of it
  m.setRoomTalks('r1', []);
  assert.equal(m.mine.size + m.requests.size, 0);
});

test('a pushed talk with my name is mine (picked up in another tab or on the group page)', () => {
  const m = model();
  assert.equal(m.apply({ id: 't5', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c5', moderatorName: 'Anna de Vries', nickname: 'Kees' }), 'mine');
});

test('no longer moderating a group drops its talks', () => {
  const m = model();
  m.apply({ id: 't1', roomId: 'r1', state: 'TALK_REQUESTED', nickname: 'Els' });
  m.setRooms([{ id: 'r1', name: 'x', moderatorIds: ['bert'] }], 'anna');
  assert.equal(m.requests.size, 0);
  assert.equal(m.rooms.size, 0);
});

test('the meeting form: a meeting time in the datetime-local field, and what is missing', () => {
  assert.equal(localInputValue(new Date(2026, 11, 3, 9, 5)), '2026-12-03T09:05');
  assert.equal(localInputValue(null), '');
  assert.deepEqual(meetingProblems({ when: '2026-12-03T09:05', duration: '90', online: true, location: '' }), {});
  assert.deepEqual(meetingProblems({ when: '', duration: '10', online: false, location: '  ' }), {
    when: 'people.meetings.whenEmpty',
    duration: 'people.meetings.durationInvalid',
    location: 'people.meetings.locationEmpty',
  });
  assert.deepEqual(meetingProblems({ when: 'x', duration: '481', online: false, location: 'Buurthuis' }), { duration: 'people.meetings.durationInvalid' });
});

test('two moderators with the same name: the moderator id decides whose talk it is', () => {
  const m = new TalkModel({ myId: () => 'anna', myName: () => 'Anna' });
  m.setRooms(rooms, 'anna');
  assert.equal(m.apply({ id: 't1', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c1', moderatorId: 'bert', moderatorName: 'Anna', nickname: 'Els' }), '');
  assert.equal(m.talkOf('c1'), null);
  assert.equal(m.apply({ id: 't2', roomId: 'r1', state: 'TALK_OPEN', conversationId: 'c2', moderatorId: 'anna', moderatorName: 'Anna', nickname: 'Jan' }), 'mine');
  assert.equal(m.talkOf('c2').nickname, 'Jan');
});

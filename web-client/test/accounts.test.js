import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFormErrors } from '../src/main/web/js/views/pro/accountsView.js';

test('a new account needs a username, a name, a role and a password of 12 or more', () => {
  assert.deepEqual(accountFormErrors({ creating: true, username: 'carla', displayName: 'Carla', roles: ['ROLE_PROFESSIONAL'], password: 'lang-genoeg-12' }), {});
  assert.deepEqual(Object.keys(accountFormErrors({ creating: true, username: 'C!', displayName: '', roles: [], password: 'kort' })).sort(),
    ['displayName', 'password', 'roles', 'username']);
});

test('an edit keeps the password when it is left empty, and checks a new one', () => {
  assert.deepEqual(accountFormErrors({ creating: false, username: '', displayName: 'Anna', roles: ['ROLE_ORG_ADMIN'], password: '' }), {});
  assert.deepEqual(Object.keys(accountFormErrors({ creating: false, username: '', displayName: 'Anna', roles: ['ROLE_ORG_ADMIN'], password: 'te-kort' })), ['password']);
});

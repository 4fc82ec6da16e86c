import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupKey, plausibleCode } from '../src/main/web/js/views/pro/totpKey.js';

test('the manual key is shown in groups of four', () => {
  assert.equal(groupKey('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  assert.equal(groupKey('ABCDE'), 'ABCD E');
  assert.equal(groupKey(''), '');
});

test('a code is 6 digits or a recovery code of 12 characters, dashes and spaces allowed', () => {
  assert.equal(plausibleCode('123456'), true);
  assert.equal(plausibleCode('123 456'), true);
  assert.equal(plausibleCode('abcd-efgh-jkmn'), true);
  assert.equal(plausibleCode('ABCD EFGH JKMN'), true);
  assert.equal(plausibleCode('12345'), false);
  assert.equal(plausibleCode('1234567'), false);
  assert.equal(plausibleCode('abcd-efgh-jkm'), false);
  assert.equal(plausibleCode(''), false);
});

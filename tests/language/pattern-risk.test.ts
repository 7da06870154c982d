import { test, expect } from 'vitest';
import { backtrackingRisk } from '../../packages/language/src/validation/pattern-risk.js';
test('nested and overlapping repetitions are flagged; the linear patterns of standards/ are not', () => {
  for (const p of ['(a+)+b','(\\d*)*','(?:ab+){2,}','(a|a)*','(a|ab)*','((a+))+', '([a-z]+)*x']) expect(backtrackingRisk(p), p).toBeDefined();
  for (const p of ['[A-Za-z0-9-]+','[0-9+\\- ]+','[A-T]([0-9]{2}([0-9]{1,2})?)?','(JD|ZH|GY)[0-9]{2}-[0-9]{4}(-[0-9]{2})?','[GLJ][0-9A-Z]{17,20}','\\d{6}','[0-9A-Za-z()\\-]+', '(ab)+', '(a|b)+', '[(]+', '\\(a+\\)+']) expect(backtrackingRisk(p), p).toBeUndefined();
});

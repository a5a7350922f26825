import { describe, expect, it } from 'vitest';
import { type BallotRule, decideBallot, forRequiredFor, isValidRule, tallyOf } from './ballot-rules';

const rule = (majority: BallotRule['majority'], abstentions: BallotRule['abstentions'] = 'counted', quorumPercent = 50): BallotRule => ({ quorumPercent, majority, abstentions });
const tally = (eligible: number, votesFor: number, against: number, abstain: number) => ({ eligible, for: votesFor, against, abstain });

describe('quorum: voted × 100 >= quorum% × eligible', () => {
  it('is met at exactly the share (>=), not one partner below', () => {
    expect(decideBallot(rule('simple', 'counted', 50), tally(16, 8, 0, 0)).quorumMet).toBe(true);
    expect(decideBallot(rule('simple', 'counted', 50), tally(16, 7, 0, 0)).quorumMet).toBe(false);
  });

  it('rounds the required number of partners up (a third of 16 is 6 partners)', () => {
    const decision = decideBallot(rule('simple', 'counted', 34), tally(16, 5, 0, 0));
    expect(decision.quorumRequired).toBe(6);
    expect(decision.quorumMet).toBe(false);
    expect(decideBallot(rule('simple', 'counted', 34), tally(16, 6, 0, 0)).quorumMet).toBe(true);
  });

  it('counts abstentions as taking part, whatever the denominator rule', () => {
    expect(decideBallot(rule('simple', 'excluded', 50), tally(16, 3, 1, 4)).quorumMet).toBe(true);
  });

  it('rejects a ballot whose majority is met when the quorum is not', () => {
    const decision = decideBallot(rule('simple', 'counted', 75), tally(16, 11, 0, 0));
    expect(decision).toMatchObject({ quorumRequired: 12, quorumMet: false, majorityMet: true, accepted: false });
  });

  it('with a quorum of 0 %, no votes is still rejected (nobody for)', () => {
    expect(decideBallot(rule('simple', 'counted', 0), tally(16, 0, 0, 0))).toMatchObject({ quorumMet: true, denominator: 0, majorityMet: false, accepted: false });
  });

  it('a quorum of 100 % needs every partner', () => {
    expect(decideBallot(rule('simple', 'counted', 100), tally(16, 15, 0, 0)).quorumMet).toBe(false);
    expect(decideBallot(rule('simple', 'counted', 100), tally(16, 15, 0, 1)).quorumMet).toBe(true);
  });
});

describe('simple majority: for × 2 > denominator', () => {
  it('a tie is not a majority', () => {
    expect(decideBallot(rule('simple'), tally(16, 5, 5, 0))).toMatchObject({ majorityMet: false, accepted: false });
  });

  it('one vote over half is', () => {
    expect(decideBallot(rule('simple'), tally(16, 6, 5, 0))).toMatchObject({ forRequired: 6, majorityMet: true, accepted: true });
  });

  it('abstentions counted in the denominator act as votes against', () => {
    // 6 for, 4 against, 3 abstain: 6 × 2 = 12 is not > 13.
    expect(decideBallot(rule('simple', 'counted'), tally(16, 6, 4, 3))).toMatchObject({ denominator: 13, forRequired: 7, majorityMet: false });
  });

  it('abstentions left out of the denominator do not weigh', () => {
    // The same votes: 6 × 2 = 12 > 10.
    expect(decideBallot(rule('simple', 'excluded'), tally(16, 6, 4, 3))).toMatchObject({ denominator: 10, forRequired: 6, majorityMet: true, accepted: true });
  });

  it('only abstentions, excluded from the denominator: no majority (0 × 2 > 0 is false)', () => {
    expect(decideBallot(rule('simple', 'excluded'), tally(16, 0, 0, 9))).toMatchObject({ denominator: 0, quorumMet: true, majorityMet: false, accepted: false });
  });
});

describe('two-thirds: for × 3 >= denominator × 2', () => {
  it('exactly two-thirds passes', () => {
    expect(decideBallot(rule('two-thirds'), tally(16, 8, 4, 0))).toMatchObject({ forRequired: 8, majorityMet: true, accepted: true });
  });

  it('one vote short does not', () => {
    expect(decideBallot(rule('two-thirds'), tally(16, 7, 4, 0))).toMatchObject({ denominator: 11, forRequired: 8, majorityMet: false });
  });

  it('rounds up where two-thirds is not whole: 10 of 14 (7 needed would be half)', () => {
    expect(forRequiredFor(rule('two-thirds'), 14)).toBe(10);
    expect(decideBallot(rule('two-thirds'), tally(16, 10, 4, 0)).majorityMet).toBe(true);
    expect(decideBallot(rule('two-thirds'), tally(16, 9, 5, 0)).majorityMet).toBe(false);
  });

  it('abstentions in or out of the denominator change the outcome', () => {
    expect(decideBallot(rule('two-thirds', 'counted'), tally(16, 8, 4, 2)).majorityMet).toBe(false);
    expect(decideBallot(rule('two-thirds', 'excluded'), tally(16, 8, 4, 2)).majorityMet).toBe(true);
  });
});

describe('unanimity: for = denominator > 0', () => {
  it('every vote for passes', () => {
    expect(decideBallot(rule('unanimity'), tally(16, 16, 0, 0)).accepted).toBe(true);
  });

  it('one vote against fails', () => {
    expect(decideBallot(rule('unanimity'), tally(16, 15, 1, 0)).accepted).toBe(false);
  });

  it('an abstention breaks unanimity when abstentions count', () => {
    expect(decideBallot(rule('unanimity', 'counted'), tally(16, 15, 0, 1))).toMatchObject({ denominator: 16, majorityMet: false, accepted: false });
  });

  it('an abstention does not break it when abstentions are left out', () => {
    expect(decideBallot(rule('unanimity', 'excluded'), tally(16, 15, 0, 1))).toMatchObject({ denominator: 15, majorityMet: true, accepted: true });
  });

  it('nobody for is never unanimous', () => {
    expect(decideBallot(rule('unanimity', 'excluded', 0), tally(16, 0, 0, 3)).accepted).toBe(false);
  });
});

describe('input checks', () => {
  it('refuses a rule outside its ranges and impossible counts', () => {
    expect(isValidRule({ quorumPercent: 101, majority: 'simple', abstentions: 'counted' })).toBe(false);
    expect(isValidRule({ quorumPercent: 33.3, majority: 'simple', abstentions: 'counted' })).toBe(false);
    expect(() => decideBallot(rule('simple'), tally(2, 2, 1, 0))).toThrow(RangeError);
    expect(() => decideBallot(rule('simple'), tally(2, -1, 1, 0))).toThrow(RangeError);
  });

  it('tallies choices', () => {
    expect(tallyOf(16, ['for', 'against', 'for', 'abstain'])).toEqual({ eligible: 16, for: 2, against: 1, abstain: 1 });
  });
});

import { IllegalTransition } from '../errors/domain-error';
import { stateMachine } from './state-machine';

type Light = 'red' | 'green' | 'amber';
const transitions = { red: ['green'], green: ['amber'], amber: ['red'] } as const;

describe('stateMachine', () => {
  const light = stateMachine<Light>('Light', transitions);

  it('allows the listed moves and no other, staying included', () => {
    expect(light.canMove('red', 'green')).toBe(true);
    expect(light.canMove('red', 'amber')).toBe(false);
    expect(light.canMove('red', 'red')).toBe(false);
    expect(() => light.assert('green', 'amber')).not.toThrow();
  });

  it('refuses an illegal move with a 409 naming the moves allowed', () => {
    let error: unknown;
    try {
      light.assert('red', 'amber');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransition);
    expect((error as IllegalTransition).message).toBe(
      'Light cannot go from red to amber; allowed from red: green.',
    );
  });

  it('lets a record keep its status where the lifecycle says staying is no move', () => {
    const lenient = stateMachine<Light>('Light', transitions, { stay: true });
    expect(lenient.canMove('red', 'red')).toBe(true);
    expect(() => lenient.assert('amber', 'amber')).not.toThrow();
    expect(() => lenient.assert('amber', 'green')).toThrow(IllegalTransition);
  });

  it('names the statuses from which a status is reached, for set-based moves', () => {
    expect(light.into('red')).toEqual(['amber']);
    expect(stateMachine<'a' | 'b' | 'c'>('Step', { a: ['c'], b: ['c'], c: [] }).into('c')).toEqual([
      'a',
      'b',
    ]);
  });
});

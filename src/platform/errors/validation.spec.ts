import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { ValidationFailed } from './domain-error';
import { createValidationPipe } from './validation';

class Animal {
  @IsString() name: string;
}

class Dog extends Animal {
  @IsInt() @Min(0) age: number;
}

async function fieldsRefused(type: new () => object, value: object): Promise<string[]> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: type });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return (error.errors ?? []).map((e) => `${e.field}:${e.rule}`).sort();
  }
}

describe('the validation pipe', () => {
  it('applies a class’s own and inherited rules, the same every time it validates it', async () => {
    for (let n = 0; n < 3; n++) {
      expect(await fieldsRefused(Dog, { name: 1, age: -1 })).toEqual(['age:min', 'name:isString']);
      expect(await fieldsRefused(Animal, { name: 1 })).toEqual(['name:isString']);
      expect(await fieldsRefused(Dog, { name: 'Rex', age: 3 })).toEqual([]);
    }
  });

  it('sees rules registered after it validated (its remembered look-ups are forgotten)', async () => {
    class Cat {
      @IsString() name: string;
    }
    expect(await fieldsRefused(Cat, { name: 'a-very-long-name' })).toEqual([]);
    MaxLength(3)(Cat.prototype, 'name');
    expect(await fieldsRefused(Cat, { name: 'a-very-long-name' })).toEqual(['name:maxLength']);
    // A class defined after the first validations has its rules too.
    class Bird extends Animal {
      @IsInt() wings: number;
    }
    expect(await fieldsRefused(Bird, { name: 'Tweety', wings: 'two' })).toEqual(['wings:isInt']);
  });
});

import { didYouMeanSentence, editDistance, nearestCodes, normaliseCode } from '../../src/errors/nearest-codes';

const AREAS = ['LEICESTERSHIRE', 'CITY', 'CITY_CENTRE', 'COUNTIES', 'BELGRAVE', 'BRAUNSTONE', 'CHARNWOOD'];
const CATEGORIES = [
  'ALL_CRIME',
  'BURGLARY',
  'DOMESTIC_BURGLARY',
  'BURGLARY_OTHER_THAN_DWELLING',
  'ROBBERY',
  'SHOPLIFTING',
];

describe('nearestCodes', () => {
  it(`edit distance counts insertions, deletions, substitutions and swapped neighbours, \
and gives up past the limit`, () => {
    expect(editDistance('CITI', 'CITY', 3)).toBe(1);
    expect(editDistance('CTIY', 'CITY', 3)).toBe(1);
    expect(editDistance('CIT', 'CITY', 3)).toBe(1);
    expect(editDistance('KITTEN', 'SITTING', 5)).toBe(3);
    expect(editDistance('LEICESTERSHIRE', 'CITY', 2)).toBe(3);
  });

  it('normalises case, spaces, hyphens and dots', () => {
    expect(normaliseCode(' city centre ')).toBe('CITY_CENTRE');
    expect(normaliseCode('Domestic-Burglary')).toBe('DOMESTIC_BURGLARY');
  });

  it('suggests typing slips, other cases and other word orders, nearest first', () => {
    expect(nearestCodes('CITI', AREAS)).toEqual(['CITY']);
    // the code itself, then the one holding it as a word
    expect(nearestCodes('city', AREAS)).toEqual(['CITY', 'CITY_CENTRE']);
    expect(nearestCodes('Leicestershre', AREAS)).toEqual(['LEICESTERSHIRE']);
    expect(nearestCodes('burglary domestic', CATEGORIES)).toEqual(['DOMESTIC_BURGLARY', 'BURGLARY']);
    expect(nearestCodes('BURGLARY_OTHER', CATEGORIES)).toEqual(['BURGLARY', 'BURGLARY_OTHER_THAN_DWELLING']);
  });

  it('suggests nothing for a code near nothing, an empty code or a very long one, and at most max codes', () => {
    expect(nearestCodes('ATLANTIS', AREAS)).toEqual([]);
    expect(nearestCodes('', AREAS)).toEqual([]);
    expect(nearestCodes('CITY'.repeat(20), AREAS)).toEqual([]);
    expect(nearestCodes('BURGLARY', [...CATEGORIES, 'BURGLARY_X', 'BURGLARY_Y'], 2)).toHaveLength(2);
  });

  it('words the suggestion as a question', () => {
    expect(didYouMeanSentence([])).toBe('');
    expect(didYouMeanSentence(['CITY'])).toBe('Did you mean CITY?');
    expect(didYouMeanSentence(['CITY', 'CITY_CENTRE', 'COUNTIES'])).toBe('Did you mean CITY, CITY_CENTRE or COUNTIES?');
  });
});

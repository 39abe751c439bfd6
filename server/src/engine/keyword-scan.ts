// Which of a set of keywords occur in a text, case-insensitively, in one pass over it: the
// prefilter runs this over every file of a scan. An Aho–Corasick automaton compiled to a table
// costs one lookup per character; a regex alternation of the same ~150 keywords cost about three
// times as much (irregexp tries the alternatives at each position), and was the largest single
// cost of a cold scan after the parser.

/**
 * How a case-insensitive regex without the `u` flag compares characters (ECMAScript Canonicalize):
 * by their upper case when that is one character, but never a non-ASCII one as an ASCII one.
 */
function canonical(code: number): number {
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const folded = upper.charCodeAt(0);
  return code >= 128 && folded < 128 ? code : folded;
}

export class KeywordScanner {
  /** An ASCII character → its class (0: in no keyword). */
  private readonly asciiClass = new Uint16Array(128);
  /** The canonical form of another character → its class: only keywords with such characters need it. */
  private readonly otherClass = new Map<number, number>();
  private readonly classCount: number;
  /**
   * state × classCount + class → the next state × classCount, bitwise negated (< 0) when that
   * state ends a keyword: the scan's one branch per character tests only the sign.
   */
  private readonly transitions: Int32Array;
  /** State → the keywords that end there (its own and those its suffixes end). */
  private readonly endings: string[][];

  constructor(keywords: readonly string[]) {
    const classByCanonical = new Map<number, number>();
    for (const keyword of keywords) {
      for (let index = 0; index < keyword.length; index++) {
        const code = keyword.charCodeAt(index);
        const key = canonical(code);
        if (classByCanonical.has(key)) continue;
        classByCanonical.set(key, classByCanonical.size + 1);
        if (key >= 128) this.otherClass.set(key, classByCanonical.size);
      }
    }
    for (let code = 0; code < 128; code++) this.asciiClass[code] = classByCanonical.get(canonical(code)) ?? 0;
    this.classCount = classByCanonical.size + 1;
    const classOf = (code: number) => classByCanonical.get(canonical(code))!;

    // The trie (goto function), then failure links breadth first, which complete every state's row.
    const rows: Int32Array[] = [new Int32Array(this.classCount).fill(-1)];
    const endings: string[][] = [[]];
    for (const keyword of new Set(keywords)) {
      if (keyword === '') continue;
      let state = 0;
      for (let index = 0; index < keyword.length; index++) {
        const symbol = classOf(keyword.charCodeAt(index));
        if (rows[state][symbol] < 0) {
          rows[state][symbol] = rows.length;
          rows.push(new Int32Array(this.classCount).fill(-1));
          endings.push([]);
        }
        state = rows[state][symbol];
      }
      endings[state].push(keyword);
    }
    const failure = new Int32Array(rows.length);
    const queue: number[] = [];
    for (let symbol = 0; symbol < this.classCount; symbol++) {
      const next = rows[0][symbol];
      if (next < 0) rows[0][symbol] = 0;
      else queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (let symbol = 0; symbol < this.classCount; symbol++) {
        const next = rows[state][symbol];
        if (next < 0) {
          rows[state][symbol] = rows[failure[state]][symbol];
          continue;
        }
        failure[next] = rows[failure[state]][symbol];
        endings[next] = [...endings[next], ...endings[failure[next]]];
        queue.push(next);
      }
    }
    this.endings = endings;
    this.transitions = new Int32Array(rows.length * this.classCount);
    rows.forEach((row, state) => {
      for (let symbol = 0; symbol < this.classCount; symbol++) {
        const next = row[symbol] * this.classCount;
        this.transitions[state * this.classCount + symbol] = endings[row[symbol]].length > 0 ? ~next : next;
      }
    });
  }

  /** The keywords (as given) that occur in `text`, matching case-insensitively as a regex with the `i` flag would. */
  find(text: string): Set<string> {
    const found = new Set<string>();
    const { asciiClass, otherClass, transitions, classCount } = this;
    const others = otherClass.size > 0;
    let state = 0;
    for (let index = 0, length = text.length; index < length; index++) {
      const code = text.charCodeAt(index);
      // No character ≥ 128 folds to an ASCII one: with ASCII keywords, those are in no keyword.
      state = transitions[state + (code < 128 ? asciiClass[code] : others ? (otherClass.get(canonical(code)) ?? 0) : 0)];
      if (state < 0) {
        state = ~state;
        for (const keyword of this.endings[state / classCount]) found.add(keyword);
      }
    }
    return found;
  }
}

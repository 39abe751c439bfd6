// Path facts rules may use (the engine passes workspace-relative paths with forward slashes).

const TEST_PATH = /(^|\/)(__tests__|__mocks__|tests?|spec|e2e|cypress|playwright|fixtures?|mocks?|stories)\/|\.(test|spec|stories|e2e|cy)\.[cm]?[jt]sx?$/i;

/** Tests create weak passwords on purpose; their policies are not the product's. */
export function isTestFile(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * A matcher for allow-lists of objects named `<namespace>/<name>` or just `<name>`
 * (any namespace). `*` matches any run of characters except `/`, `?` one character:
 * `matih-*\/kafka-cluster-ca-cert`, `*-cluster-ca-cert`.
 */
export function namespacedNameMatcher(patterns: readonly string[]): (namespace: string, name: string) => boolean {
  const compiled = patterns.map((p) => ({ scoped: p.includes('/'), re: globToRegExp(p) }));
  if (compiled.length === 0) return () => false;
  return (namespace, name) => compiled.some(({ scoped, re }) => re.test(scoped ? `${namespace}/${name}` : name));
}

/** A prefix check for image references: `prefix` matches the image `prefix/...`, `prefix:tag` and `prefix@digest`. */
export function hasPrefix(image: string, prefix: string): boolean {
  if (!image.startsWith(prefix)) return false;
  if (prefix.endsWith('/') || image.length === prefix.length) return true;
  return '/:@'.includes(image[prefix.length]);
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const c of pattern) {
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

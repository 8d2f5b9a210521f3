/**
 * The path of a request URL, without its query string. An absolute-form target
 * (`GET http://host/profile HTTP/1.1`, legal for proxies) gives its path too.
 */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  const target = query === -1 ? url : url.slice(0, query);
  if (target.startsWith('/')) return target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(target);
  return absolute === null ? target : (absolute[1] ?? '/');
}

/** The path with percent-escapes decoded, as the router matches it; undecodable stays raw. */
export function decodedPathOf(url: string): string {
  const path = pathOf(url);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

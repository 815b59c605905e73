// The JavaScript behind hello.wasm (built by regenerate.sh with jco componentize).
export function hello(name) {
  const words = ['Hello', name.length > 0 ? name : 'world'];
  return `${words.join(', ')}! (${name.length} characters, from JavaScript)`;
}

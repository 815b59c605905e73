#!/usr/bin/env python3
"""Writes the hostile components `sable inspect` is tested on (tools/sable/CMakeLists.txt):

hostile-names.wasm   a component-name section naming the component, its nested component and
                     its instance with a terminal escape and a newline (printed escaped)
many-instances.wasm  300 instances of one nested component (the list is cut at 256)
deep.wasm            90 components each nested in the next (contents listed 16 deep)

Run it in this directory; the output is deterministic.
"""

PREAMBLE = bytes([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])


def leb(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | 0x80 if n else b])
        if not n:
            return out


def section(id_, contents):
    return bytes([id_]) + leb(len(contents)) + contents


def name(s):
    return leb(len(s)) + s


def nested_instances(count, extra=b""):
    instances = leb(count) + bytes([0x00, 0x00, 0x00]) * count  # (instance (instantiate 0))
    return PREAMBLE + section(4, PREAMBLE) + section(5, instances) + extra


def main():
    evil = b"\x1b[31mevil\nline"
    names = section(0, name(b"component-name") + section(0, name(evil)) +
                    section(1, bytes([0x05, 0x01, 0x00]) + name(evil)) +
                    section(1, bytes([0x04, 0x01, 0x00]) + name(evil)))
    deep = PREAMBLE
    for _ in range(90):
        deep = PREAMBLE + section(4, deep)
    outputs = {
        "hostile-names.wasm": nested_instances(1, names),
        "many-instances.wasm": nested_instances(300),
        "deep.wasm": deep,
    }
    for path, data in outputs.items():
        with open(path, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

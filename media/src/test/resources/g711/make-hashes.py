# Prints SHA-256 digests of spandsp's G.711 (Debian libspandsp2, as used by Asterisk and FreeSWITCH) over every
# 16-bit input (-32768..32767 in order, one code byte each) and over every code (0..255, s16le each).
# G711Test compares our tables with these digests, so the whole mapping is checked bit for bit.
import ctypes, struct, hashlib
sp = ctypes.CDLL("libspandsp.so.2")
sp.g711_init.restype = ctypes.c_void_p
sp.g711_init.argtypes = [ctypes.c_void_p, ctypes.c_int]
sp.g711_encode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
sp.g711_decode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
n = 65536
lin = (ctypes.c_int16 * n)(*range(-32768, 32768))
for law, name in ((0, 'alaw'), (1, 'ulaw')):   # G711_ALAW = 0, G711_ULAW = 1
    st = sp.g711_init(None, law)
    out = (ctypes.c_uint8 * n)()
    sp.g711_encode(st, out, lin, n)
    codes = (ctypes.c_uint8 * 256)(*range(256))
    dec = (ctypes.c_int16 * 256)()
    sp.g711_decode(st, dec, codes, 256)
    print(name, 'encode', hashlib.sha256(bytes(out)).hexdigest(),
          'decode', hashlib.sha256(struct.pack('<256h', *dec)).hexdigest())

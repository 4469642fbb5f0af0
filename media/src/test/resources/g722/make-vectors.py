# Generates the G.722 interoperability vectors with spandsp (Debian libspandsp2, the G.722 used by Asterisk and
# FreeSWITCH): in.raw (16 kHz s16le input), sp.g722 (spandsp's 64 kbit/s encoding of it), sp_dec.raw (spandsp's
# decoding of sp.g722). G722Test checks that our encoder and decoder give the same bytes and samples.
import ctypes, math, struct, sys
sp = ctypes.CDLL("libspandsp.so.2")
sp.g722_encode_init.restype = ctypes.c_void_p
sp.g722_decode_init.restype = ctypes.c_void_p
enc = sp.g722_encode_init(None, 64000, 0)
dec = sp.g722_decode_init(None, 64000, 0)
n = 8000
# deterministic input: two tones + a chirp-ish component
pcm = [int(round(12000*math.sin(2*math.pi*1000*i/16000) + 6000*math.sin(2*math.pi*5200*i/16000) + 3000*math.sin(2*math.pi*(200+i*0.2)*i/16000))) for i in range(n)]
arr = (ctypes.c_int16 * n)(*pcm)
out = (ctypes.c_uint8 * (n//2))()
m = sp.g722_encode(ctypes.c_void_p(enc), out, arr, n)
dout = (ctypes.c_int16 * n)()
k = sp.g722_decode(ctypes.c_void_p(dec), dout, out, m)
open("in.raw","wb").write(struct.pack("<%dh"%n, *pcm))
open("sp.g722","wb").write(bytes(out[:m]))
open("sp_dec.raw","wb").write(struct.pack("<%dh"%k, *dout[:k]))
print(m, k)

"""libsrtp (through Debian's python3-pylibsrtp) as an independent SRTP peer for SrtpLibsrtpInteropTest.

First line: "<profile> <send key||salt hex> <receive key||salt hex>"; then one command per line:
"protect <hex>", "unprotect <hex>", "protect_rtcp <hex>", "unprotect_rtcp <hex>".
Each answer is one line: "ok <hex>" or "error <message>".
"""
import sys

from pylibsrtp import Error, Policy, Session

PROFILES = {
    "AES_CM_128_HMAC_SHA1_80": Policy.SRTP_PROFILE_AES128_CM_SHA1_80,
    "AEAD_AES_128_GCM": Policy.SRTP_PROFILE_AEAD_AES_128_GCM,
}


def main():
    profile, send_key, recv_key = sys.stdin.readline().split()
    tx = Session(policy=Policy(key=bytes.fromhex(send_key), ssrc_type=Policy.SSRC_ANY_OUTBOUND,
                               srtp_profile=PROFILES[profile]))
    rx = Session(policy=Policy(key=bytes.fromhex(recv_key), ssrc_type=Policy.SSRC_ANY_INBOUND,
                               srtp_profile=PROFILES[profile]))
    ops = {"protect": tx.protect, "protect_rtcp": tx.protect_rtcp,
           "unprotect": rx.unprotect, "unprotect_rtcp": rx.unprotect_rtcp}
    print("ready", flush=True)
    for line in sys.stdin:
        op, data = line.split()
        try:
            print("ok " + ops[op](bytes.fromhex(data)).hex(), flush=True)
        except Error as e:
            print("error " + str(e).replace("\n", " "), flush=True)


main()

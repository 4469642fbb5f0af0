# Sends one INVITE with an SDP offer to a SIP UA on 127.0.0.1, prints the SDP of its 200 OK, ACKs and BYEs.
import socket, sys, random, re
target_port = int(sys.argv[1]); sdp = open(sys.argv[2]).read().replace('\r\n', '\n').replace('\n', '\r\n')
user = sys.argv[3] if len(sys.argv) > 3 else 'service'
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0)); s.settimeout(10)
lp = s.getsockname()[1]; cid = '%x@127.0.0.1' % random.getrandbits(64); tag = '%x' % random.getrandbits(32)
def req(method, cseq, to_tag='', body='', branch=None):
    branch = branch or 'z9hG4bK%x' % random.getrandbits(48)
    h = [f'{method} sip:{user}@127.0.0.1:{target_port} SIP/2.0', f'Via: SIP/2.0/UDP 127.0.0.1:{lp};branch={branch};rport',
         'Max-Forwards: 70', f'From: <sip:gw@127.0.0.1:{lp}>;tag={tag}', f'To: <sip:{user}@127.0.0.1:{target_port}>{to_tag}',
         f'Call-ID: {cid}', f'CSeq: {cseq} {method}', f'Contact: <sip:gw@127.0.0.1:{lp}>', 'User-Agent: capture']
    if body: h.append('Content-Type: application/sdp')
    h.append(f'Content-Length: {len(body.encode())}')
    s.sendto(('\r\n'.join(h) + '\r\n\r\n' + body).encode(), ('127.0.0.1', target_port))
req('INVITE', 1, body=sdp)
while True:
    data = s.recv(65535).decode(); first = data.split('\r\n', 1)[0]
    print('<<', first, file=sys.stderr)
    code = int(first.split()[1])
    if code >= 200: break
head, body = data.split('\r\n\r\n', 1)
to = re.search(r'^(To|t):.*?(;tag=[^;\r\n]+)', head, re.M | re.I)
to_tag = to.group(2) if to else ''
print(body, end='')
req('ACK', 1, to_tag)
if code == 200:
    req('BYE', 2, to_tag)
    try: print('<<', s.recv(65535).decode().split('\r\n', 1)[0], file=sys.stderr)
    except socket.timeout: pass

# INVITE baresip, then ask baresip (ctrl_tcp) to hold: print the SDP of its re-INVITE, answer it 200 with our SDP.
import socket, sys, random, re, json, time
sip_port, ctrl_port = int(sys.argv[1]), int(sys.argv[2]); sdp = open(sys.argv[3]).read().replace('\r\n','\n').replace('\n','\r\n')
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0)); s.settimeout(10)
lp = s.getsockname()[1]; cid = '%x@127.0.0.1' % random.getrandbits(64); tag = '%x' % random.getrandbits(32)
def send(txt): s.sendto(txt.encode(), ('127.0.0.1', sip_port))
def req(method, cseq, to_tag='', body=''):
    h = [f'{method} sip:bob@127.0.0.1:{sip_port} SIP/2.0', f'Via: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bK{random.getrandbits(40):x};rport',
         'Max-Forwards: 70', f'From: <sip:gw@127.0.0.1:{lp}>;tag={tag}', f'To: <sip:bob@127.0.0.1:{sip_port}>{to_tag}',
         f'Call-ID: {cid}', f'CSeq: {cseq} {method}', f'Contact: <sip:gw@127.0.0.1:{lp}>']
    if body: h.append('Content-Type: application/sdp')
    h.append(f'Content-Length: {len(body.encode())}'); send('\r\n'.join(h) + '\r\n\r\n' + body)
req('INVITE', 1, body=sdp)
while True:
    d = s.recv(65535).decode()
    if d.startswith('SIP/2.0 200'): break
to_tag = re.search(r'^To:.*?(;tag=[^;\r\n]+)', d, re.M | re.I).group(1)
req('ACK', 1, to_tag)
c = socket.create_connection(('127.0.0.1', ctrl_port)); cmd = json.dumps({'command': 'hold', 'token': 'x'})
c.sendall(f'{len(cmd)}:{cmd},'.encode())
while True:
    d = s.recv(65535).decode()
    if d.startswith('INVITE'): break
head, body = d.split('\r\n\r\n', 1)
print(body, end='')
lines = head.split('\r\n'); keep = [l for l in lines[1:] if re.match(r'(Via|From|To|Call-ID|CSeq):', l, re.I)]
ans = sdp.replace('a=sendrecv', 'a=recvonly')
send('SIP/2.0 200 OK\r\n' + '\r\n'.join(keep) + f'\r\nContact: <sip:gw@127.0.0.1:{lp}>\r\nContent-Type: application/sdp\r\nContent-Length: {len(ans)}\r\n\r\n' + ans)
print('ctrl:', c.recv(4000), file=sys.stderr)
req('BYE', 2, to_tag)

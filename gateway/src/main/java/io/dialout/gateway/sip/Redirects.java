package io.dialout.gateway.sip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Response;

/**
 * The target set of a call that was redirected (RFC 3261 section 8.1.3.4): the Contacts of each 3xx, highest q first,
 * each checked by the dial plan, and the loop guard: at most {@code max} redirects are followed and no target is
 * dialled twice (the first Request-URI counts as dialled). Pure: the caller sends the requests.
 */
final class Redirects {

    /** One Contact of a 3xx: its URI (without method parameter and headers) and q (1.0 when absent). */
    record Contact(String uri, float q) {}

    private final int max;
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private int followed;
    private String refusal;

    Redirects(String dialledUri, int max) {
        this.max = max;
        seen.add(key(dialledUri));
    }

    /**
     * A 3xx came back: its allowed, new Contacts go to the front of the target set, highest q first. {@code refuse}
     * is the dial plan's check (null: allowed, else why not).
     */
    void redirected(List<Contact> contacts, Function<String, String> refuse) {
        if (followed >= max) {
            refusal = "redirect limit reached (" + max + ")";
            return;
        }
        followed++;
        List<Contact> ordered = new ArrayList<>(contacts);
        ordered.sort(Comparator.comparingDouble((Contact c) -> c.q()).reversed()); // stable: equal q keep order
        List<String> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Contact c : ordered) {
            String k = key(c.uri());
            if (seen.contains(k)) {
                refused.add(c.uri() + ": already dialled (redirect loop)");
                continue;
            }
            String why = refuse.apply(c.uri());
            if (why != null) {
                refused.add(c.uri() + ": " + why);
                continue;
            }
            seen.add(k);
            added.add(c.uri());
        }
        for (int i = added.size() - 1; i >= 0; i--) {
            pending.addFirst(added.get(i));
        }
        refusal = contacts.isEmpty()
                ? "no Contact to follow"
                : refused.isEmpty() ? null : "not followed: " + String.join("; ", refused);
    }

    /** The next target to dial, or null when the set is exhausted. */
    String next() {
        return pending.pollFirst();
    }

    /** Why the last 3xx's targets were (partly) not followed, or null. */
    String refusal() {
        return refusal;
    }

    /** The SIP/SIPS Contacts of a 3xx, in the order written; {@code *} and other schemes are left out. */
    static List<Contact> contacts(Response response) {
        List<Contact> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it != null && it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress() == null || c.getAddress().isWildcard()) {
                continue;
            }
            URI uri = c.getAddress().getURI();
            if (!(uri instanceof SipURI sip)) {
                continue;
            }
            SipURI target = (SipURI) sip.clone();
            // RFC 3261 section 8.1.3.4: the whole URI except the method parameter and headers
            target.removeParameter("method");
            if (target instanceof gov.nist.javax.sip.address.SipUri nist) {
                nist.removeHeaders();
            }
            float q = c.getQValue();
            out.add(new Contact(target.toString(), q < 0 ? 1.0f : q));
        }
        return out;
    }

    /** What makes two targets the same for the loop guard: scheme, user, host and port, without parameters. */
    static String key(String uri) {
        String u = uri.trim();
        int semi = u.indexOf(';');
        int q = u.indexOf('?');
        int end = semi < 0 ? (q < 0 ? u.length() : q) : (q < 0 ? semi : Math.min(semi, q));
        String base = u.substring(0, end);
        int at = base.lastIndexOf('@');
        return at < 0
                ? base.toLowerCase(Locale.ROOT)
                : base.substring(0, at + 1) + base.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}

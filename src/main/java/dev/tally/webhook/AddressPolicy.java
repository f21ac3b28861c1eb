package dev.tally.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses a webhook may be sent to: only public ones, so that a webhook cannot make Tally
 * call into its own network (server-side request forgery). Refused: the unspecified address,
 * loopback, private (10/8, 172.16/12, 192.168/16), shared (100.64/10), link-local (169.254/16,
 * fe80::/10, where cloud metadata services live), multicast, broadcast and reserved IPv4 ranges,
 * IPv6 unique-local (fc00::/7) and site-local (fec0::/10), and IPv6 addresses that embed an IPv4
 * one (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96) when the IPv4 one is refused.
 */
final class AddressPolicy {

    private final boolean allowPrivate;

    AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    boolean allows(InetAddress address) {
        return allowPrivate || isPublic(address);
    }

    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            InetAddress embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return isPublic(embedded);
            }
            int first = v6.getAddress()[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address instanceof Inet4Address) {
            byte[] bytes = address.getAddress();
            int a = bytes[0] & 0xff;
            int b = bytes[1] & 0xff;
            return a != 0                                   // "this network" 0/8
                    && !(a == 100 && (b & 0xc0) == 64)      // shared address space 100.64/10
                    && !(a == 192 && b == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
                    && !(a == 198 && (b & 0xfe) == 18)      // benchmarking 198.18/15
                    && a < 240;                             // reserved 240/4 and broadcast
        }
        return true;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address; null if there is none. */
    private static InetAddress embeddedIpv4(byte[] v6) {
        boolean zeros10 = Arrays.equals(Arrays.copyOf(v6, 10), new byte[10]);
        boolean mapped = zeros10 && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = zeros10 && v6[10] == 0 && v6[11] == 0
                && !Arrays.equals(Arrays.copyOfRange(v6, 12, 16), new byte[4]) // not :: itself
                && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && v6[15] == 1); // not ::1
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b && Arrays.equals(Arrays.copyOfRange(v6, 4, 12), new byte[8]);
        if (!(mapped || compatible || nat64)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(v6, 12, 16));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

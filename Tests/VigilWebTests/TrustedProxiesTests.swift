import Testing
import VigilWeb

/// Behind the TLS proxy every patient had the proxy's address: one rate limit for all and the proxy in
/// every audit event (hostile-testing issue, defect 7). Forwarding headers are read only from a trusted proxy.
@Suite("Trusted proxies")
struct TrustedProxiesTests {
    @Test func rangesAndTheClientBehindAProxy() throws {
        let proxies = try TrustedProxies.parse("10.0.0.0/8, 192.0.2.1, ::1, 2001:db8::/32").get()
        #expect(proxies.trusts("10.200.3.4") && proxies.trusts("192.0.2.1") && !proxies.trusts("192.0.2.2") && proxies.trusts("::1"))
        #expect(proxies.trusts("2001:db8:ffff::1") && !proxies.trusts("2001:db9::1") && !proxies.trusts("11.0.0.1"))
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.0/x", "::/129", "300.1.1.1"] {
            #expect(throws: TrustedProxies.ParseError.self, "\(bad)") { try TrustedProxies.parse(bad).get() }
        }
        // Anyone else's header is ignored.
        #expect(proxies.client(socket: "198.51.100.7", forwardedFor: "203.0.113.9", forwarded: nil) == "198.51.100.7")
        // From the proxy: the nearest address that is not a trusted proxy; a forged leftmost entry is not believed.
        #expect(proxies.client(socket: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.9, 10.0.0.5", forwarded: nil) == "203.0.113.9")
        #expect(proxies.client(socket: "10.0.0.2", forwardedFor: nil, forwarded: #"for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711""#)
                == "192.0.2.60")
        #expect(proxies.client(socket: "10.0.0.2", forwardedFor: nil, forwarded: "for=203.0.113.9:443") == "203.0.113.9")
        #expect(proxies.client(socket: "10.0.0.2", forwardedFor: "garbage", forwarded: nil) == "10.0.0.2")
        #expect(TrustedProxies().client(socket: "10.0.0.2", forwardedFor: "203.0.113.9", forwarded: nil) == "10.0.0.2")
    }
}

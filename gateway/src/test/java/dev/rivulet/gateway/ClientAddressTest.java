package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final ClientAddress BEHIND_PROXIES =
      ClientAddress.trusting(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    ClientAddress none = ClientAddress.trusting(List.of());
    assertThat(none.trustsProxies()).isFalse();
    assertThat(none.of("10.1.2.3", List.of("203.0.113.7"))).isEqualTo("10.1.2.3");
  }

  @Test
  void aRequestNotFromATrustedProxyIsItsPeers() {
    assertThat(BEHIND_PROXIES.of("198.51.100.4", List.of("203.0.113.7")))
        .isEqualTo("198.51.100.4");
    assertThat(BEHIND_PROXIES.of("192.168.1.8", List.of("203.0.113.7")))
        .as("a single trusted address is /32").isEqualTo("192.168.1.8");
  }

  @Test
  void aTrustedProxysRequestIsTheNearestUntrustedAddressItForwards() {
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    // A chain of trusted proxies, each appending what it saw.
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("203.0.113.7, 192.168.1.7", "10.9.9.9")))
        .isEqualTo("203.0.113.7");
    // What the client wrote itself lies left of the first untrusted address: never reached.
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("127.0.0.1, 10.0.0.1, 198.51.100.9")))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void whenEveryHopIsTrustedTheFarthestIsTheClient() {
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("10.3.3.3, 10.4.4.4")))
        .isEqualTo("10.3.3.3");
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of(" , "))).isEqualTo("10.0.0.2");
  }

  @Test
  void anEntryThatIsNoAddressEndsTheWalkAtTheAddressAfterIt() {
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("unknown"))).isEqualTo("10.0.0.2");
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("evil.example, 10.5.5.5")))
        .isEqualTo("10.5.5.5");
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("300.1.1.1"))).isEqualTo("10.0.0.2");
  }

  @Test
  void portsBracketsAndIpv6AreRead() {
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("203.0.113.7:4711")))
        .isEqualTo("203.0.113.7");
    assertThat(BEHIND_PROXIES.of("10.0.0.2", List.of("[2001:db8::1]:4711")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(BEHIND_PROXIES.of("fd12::5", List.of("2001:DB8::2")))
        .isEqualTo("2001:db8:0:0:0:0:0:2");
    assertThat(BEHIND_PROXIES.of("[fd12::5]", List.of("::ffff:203.0.113.9")))
        .as("an IPv4-mapped address reads as IPv4").isEqualTo("203.0.113.9");
    assertThat(BEHIND_PROXIES.of("fe80::1", List.of("203.0.113.7")))
        .as("fe80:: is not in fd00::/8").isEqualTo("fe80::1");
  }

  @Test
  void rangesMatchByTheirPrefix() {
    ClientAddress everyIpv4 = ClientAddress.trusting(List.of("0.0.0.0/0"));
    assertThat(everyIpv4.of("8.8.8.8", List.of("203.0.113.7, 198.51.100.1")))
        .as("/0 trusts every IPv4 address: the farthest hop").isEqualTo("203.0.113.7");
    assertThat(everyIpv4.of("8.8.8.8", List.of("2001:db8::1"))).as("but no IPv6 one")
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    ClientAddress twelve = ClientAddress.trusting(List.of("172.16.0.0/12"));
    assertThat(twelve.of("172.31.255.255", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    assertThat(twelve.of("172.32.0.0", List.of("203.0.113.7"))).isEqualTo("172.32.0.0");
    assertThat(twelve.of("172.15.255.255", List.of("203.0.113.7"))).isEqualTo("172.15.255.255");
  }

  @Test
  void badRangesAreRefusedWithTheEntryNamed() {
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.internal").hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33").hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("fd00::/129")))
        .hasMessageContaining("0 to 128");
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/x")))
        .hasMessageContaining("prefix length");
    assertThatThrownBy(() -> new GatewayConfig().trustedProxies(List.of("10.0.0.1", "nope")))
        .hasMessageContaining("nope");
    assertThat(new GatewayConfig().trustedProxies(List.of(" 10.0.0.1 ", "")).trustedProxies())
        .containsExactly("10.0.0.1");
  }

  @Test
  void literalsAreNeverLookedUp() {
    assertThat(ClientAddress.literal("localhost")).isNull();
    assertThat(ClientAddress.literal("abc.example")).isNull();
    assertThat(ClientAddress.literal("1::2::3")).isNull();
    assertThat(ClientAddress.literal("1.2.3")).isNull();
    assertThat(ClientAddress.literal("1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(ClientAddress.literal("fe80::1%eth0")).hasSize(16);
  }
}

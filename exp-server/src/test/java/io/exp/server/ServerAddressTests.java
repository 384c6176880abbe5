package io.exp.server;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code server.address} over real sockets: the server accepts connections only there
 * (Linux routes all of 127.0.0.0/8 to the loopback interface, so 127.0.0.2 reaches a
 * server listening on all addresses, and is refused by one bound to 127.0.0.1), and logs
 * once the address and port it is bound to.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerAddressTests {

	@Test
	void aServerWithAnAddressListensOnlyThereAndLogsIt(CapturedOutput output) throws Exception {
		try (ExpServer server = ExpServer.builder().property("server.address", "127.0.0.1").start()) {
			int port = server.getPort();
			assertConnects("127.0.0.1", port);
			if (routesLoopbackAlias()) {
				assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.2", port));
			}
			assertThat(output.getOut().split("EXP server listening", -1)).hasSize(2);
			assertThat(output).contains("EXP server listening on 127.0.0.1:" + port + ": REST http://127.0.0.1:" + port
					+ ", event bus ws://127.0.0.1:" + port + "/eventbus");
		}
	}

	@Test
	void aServerWithoutAnAddressListensOnAllAndSaysSo(CapturedOutput output) throws Exception {
		try (ExpServer server = ExpServer.builder().start()) {
			int port = server.getPort();
			assertConnects("127.0.0.1", port);
			if (routesLoopbackAlias()) {
				assertConnects("127.0.0.2", port);
			}
			assertThat(output).contains("EXP server listening on all addresses, port " + port
					+ ": REST http://localhost:" + port + ", event bus ws://localhost:" + port + "/eventbus");
		}
	}

	/**
	 * Whether this machine reaches a socket listening on all addresses through 127.0.0.2
	 * (Linux does; macOS only with an alias on its loopback interface): where it does
	 * not, only the log line is checked.
	 */
	private static boolean routesLoopbackAlias() {
		try (ServerSocket server = new ServerSocket(0); Socket socket = connect("127.0.0.2", server.getLocalPort())) {
			return socket.isConnected();
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void assertConnects(String host, int port) throws Exception {
		try (Socket socket = connect(host, port)) {
			assertThat(socket.isConnected()).isTrue();
		}
	}

	private static Socket connect(String host, int port) throws Exception {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(host, port), 5000);
		return socket;
	}

}

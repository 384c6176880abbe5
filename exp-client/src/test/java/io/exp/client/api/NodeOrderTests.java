package io.exp.client.api;

import java.util.ArrayList;
import java.util.List;

import io.exp.client.ExpNodes;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients given several nodes in random order spread over them instead of all starting on
 * the first.
 */
class NodeOrderTests {

	private static final ExpCredentials JOE = ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD,
			"exp");

	@Test
	void clientsInRandomOrderLogInOnEveryNodeAndClientsInOrderOnTheFirst() {
		try (ExpServer first = ExpServer.builder().start(); ExpServer second = ExpServer.builder().start()) {
			String nodes = first.getUrl() + "," + second.getUrl();
			logInClients(nodes, ExpNodes.Order.ORDERED);
			assertThat(first.getLoginCount()).isEqualTo(16);
			assertThat(second.getLoginCount()).isZero();
			logInClients(nodes, ExpNodes.Order.RANDOM);
			assertThat(first.getLoginCount()).isGreaterThan(16);
			assertThat(second.getLoginCount()).isPositive();
		}
	}

	private static void logInClients(String nodes, ExpNodes.Order order) {
		List<ReactiveExpApiClient> clients = new ArrayList<>();
		for (int client = 0; client < 16; client++) {
			clients.add(ReactiveExpApiClient.builder().baseUrl(nodes).credentials(JOE).nodeOrder(order).build());
		}
		clients.forEach((client) -> client.auth().block());
		clients.forEach(ReactiveExpApiClient::close);
	}

}

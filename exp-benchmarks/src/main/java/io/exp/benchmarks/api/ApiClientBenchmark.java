package io.exp.benchmarks.api;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.exp.client.api.ExpApiClient;
import io.exp.client.api.ExpDevice;
import io.exp.client.api.ReactiveExpApiClient;
import io.exp.client.auth.ExpCredentials;
import io.exp.server.ExpServer;
import io.exp.server.fixture.DefaultFixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code getDevice} through {@link ExpApiClient} against the same GET with a plain
 * {@link WebClient} and the same token, on the same embedded server, in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ApiClientBenchmark {

	private static final String DEVICE = DefaultFixture.DEVICE_1;

	private ExpServer server;

	private ExpApiClient api;

	private WebClient plain;

	@Setup
	public void start() {
		this.server = ExpServer.builder().property("logging.level.root", "warn").start();
		this.api = new ExpApiClient(ReactiveExpApiClient.builder()
			.baseUrl(this.server.getUrl())
			.credentials(ExpCredentials.user(DefaultFixture.JOE, DefaultFixture.JOE_PASSWORD, "exp"))
			.build());
		String token = this.api.getAuth().token();
		this.plain = WebClient.builder()
			.baseUrl(this.server.getUrl())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();
	}

	@TearDown
	public void stop() {
		this.server.close();
	}

	@Benchmark
	public ExpDevice expApiClient() {
		return this.api.getDevice(DEVICE).orElseThrow();
	}

	@Benchmark
	public Map<String, Object> plainWebClient() {
		return this.plain.get()
			.uri("/api/devices/{uuid}", DEVICE)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block();
	}

}

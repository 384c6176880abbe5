package io.exp.client.bus;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Settings change one value at a time and refuse what cannot work.
 */
class ExpEventBusSettingsTests {

	@Test
	void toBuilderChangesOneValueAndKeepsTheOthers() {
		ExpEventBusSettings base = ExpEventBusSettings.builder().handlerThreads(9).build();
		ExpEventBusSettings changed = base.toBuilder().requestTimeout(Duration.ofSeconds(3)).build();
		assertThat(changed.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(changed.handlerThreads()).isEqualTo(9);
		assertThat(changed.maxMessageSize()).isEqualTo(base.maxMessageSize());
		assertThat(base.requestTimeout()).isEqualTo(ExpEventBusSettings.DEFAULTS.requestTimeout());
	}

	@Test
	void theDefaultsAreThoseOfTheDocumentation() {
		ExpEventBusSettings defaults = ExpEventBusSettings.DEFAULTS;
		assertThat(defaults.maxMessageSize()).isEqualTo(DataSize.ofKilobytes(32));
		assertThat(defaults.handlerTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.failOnStartTimeout()).isTrue();
	}

	@Test
	void aMessageSizeOfNothingIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExpEventBusSettings.builder().maxMessageSize(DataSize.ofBytes(0)).build())
			.withMessageContaining("maxMessageSize");
	}

}

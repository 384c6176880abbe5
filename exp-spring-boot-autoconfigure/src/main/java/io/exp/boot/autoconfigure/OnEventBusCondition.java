package io.exp.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the event bus is enabled ({@link Enabled}) or disabled ({@link Disabled}):
 * by {@code exp.event-bus.enabled}, otherwise by its deprecated alias
 * {@code exp.enable-event-bus}, otherwise enabled.
 */
abstract class OnEventBusCondition extends SpringBootCondition {

	static final String PROPERTY = "exp.event-bus.enabled";

	static final String DEPRECATED_PROPERTY = "exp.enable-event-bus";

	private final boolean matchWhenEnabled;

	OnEventBusCondition(boolean matchWhenEnabled) {
		this.matchWhenEnabled = matchWhenEnabled;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String name = environment.containsProperty(PROPERTY) ? PROPERTY : DEPRECATED_PROPERTY;
		boolean enabled = environment.getProperty(name, Boolean.class, true);
		String message = "EXP event bus " + (enabled ? "enabled" : "disabled") + " ("
				+ (environment.containsProperty(name) ? name + "=" + enabled : "by default") + ")";
		return (enabled == this.matchWhenEnabled) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	/**
	 * Matches when the event bus is enabled.
	 */
	static final class Enabled extends OnEventBusCondition {

		Enabled() {
			super(true);
		}

	}

	/**
	 * Matches when the event bus is disabled.
	 */
	static final class Disabled extends OnEventBusCondition {

		Disabled() {
			super(false);
		}

	}

}

package io.exp.server.rest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test during which anything was logged at ERROR (SLF4J) or SEVERE
 * ({@code java.util.logging}, where Tomcat logs what escapes a servlet): a client's
 * mistake is answered, never logged as the server's failure.
 */
public final class NoErrorLogged implements BeforeEachCallback, AfterEachCallback {

	private final List<String> errors = new CopyOnWriteArrayList<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)) {
				NoErrorLogged.this.errors.add(event.getLoggerName() + ": " + event.getFormattedMessage());
			}
		}

	};

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
				NoErrorLogged.this.errors.add(record.getLoggerName() + ": " + record.getMessage());
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@Override
	public void beforeEach(ExtensionContext context) {
		this.errors.clear();
		this.appender.start();
		root().addAppender(this.appender);
		LogManager.getLogManager().getLogger("").addHandler(this.handler);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		root().detachAppender(this.appender);
		LogManager.getLogManager().getLogger("").removeHandler(this.handler);
		assertThat(this.errors).as("logged at ERROR").isEmpty();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
	}

}

package io.exp.server.socketio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one long-polling {@code GET}, written to the client's socket with the
 * container's non-blocking output: whichever thread hands it over (a thread that
 * publishes, mostly) only queues it, and the container finishes the write when the client
 * reads. Registered as the request's {@link WriteListener} on the request's own thread,
 * before the poll is handed to the library.
 * <p>
 * Until the answer is handed over, the poll belongs to the library: a timeout or error of
 * the request goes to the library's listener, which answers the poll. After, the answer's
 * bytes count as {@link PollAnswers#unsent unsent} for the client until they have left or
 * the request ends.
 */
final class PollAnswer implements WriteListener, AsyncListener {

	/** An Engine.IO 3 payload of one close packet. */
	private static final byte[] CLOSE = "1:1".getBytes(StandardCharsets.UTF_8);

	private final AsyncContext async;

	private final HttpServletResponse response;

	private final ServletOutputStream out;

	private final PollAnswers unsent;

	private final @Nullable String sid;

	private @Nullable AsyncListener library;

	/** Whether the answer was handed over. */
	private boolean handed;

	private int size;

	/** The answer's body until the container took it. */
	private byte @Nullable [] body;

	private boolean done;

	PollAnswer(AsyncContext async, HttpServletResponse response, PollAnswers unsent, @Nullable String sid)
			throws IOException {
		this.async = async;
		this.response = response;
		this.out = response.getOutputStream();
		this.unsent = unsent;
		this.sid = sid;
	}

	/**
	 * Starts answering on the request's own thread: from now on, its response is only
	 * written without blocking.
	 */
	void register() {
		this.unsent.opened(this);
		this.async.addListener(this);
		this.out.setWriteListener(this);
	}

	/**
	 * Answers a poll that waits with Engine.IO's close, or completes an answer that is
	 * being written, for a node that shuts down.
	 */
	void close() {
		send(HttpServletResponse.SC_OK, "text/plain; charset=UTF-8", CLOSE);
		finish();
	}

	/** The library's listener for the poll's timeout and errors, while it waits. */
	synchronized void libraryListener(AsyncListener listener) {
		this.library = listener;
	}

	/**
	 * Hands over the answer, once; it leaves when the client reads.
	 * @param status the HTTP status
	 * @param contentType the content type, with its character set if it has one
	 * @param body the body
	 */
	synchronized void send(int status, @Nullable String contentType, byte[] body) {
		if (this.handed || this.done) {
			return;
		}
		this.handed = true;
		this.response.setStatus(status);
		if (contentType != null) {
			this.response.setContentType(contentType);
		}
		this.response.setContentLength(body.length);
		this.size = body.length;
		this.body = body;
		this.unsent.add(this.sid, body.length);
		writeOut();
	}

	@Override
	public synchronized void onWritePossible() {
		writeOut();
	}

	/**
	 * Writes the body once the output is ready (the container takes it whole, without
	 * blocking, and sends it as the client reads), and completes the request once the
	 * output is ready again: the body has left.
	 */
	private void writeOut() {
		if (!this.handed || this.done) {
			return;
		}
		try {
			byte[] bytes = this.body;
			if (bytes != null) {
				if (!this.out.isReady()) {
					return;
				}
				this.out.write(bytes);
				this.body = null;
			}
			if (this.out.isReady()) {
				finish();
			}
		}
		catch (IOException ex) {
			// the client went away
			finish();
		}
	}

	private void finish() {
		if (end()) {
			complete();
		}
	}

	/** Ends the answer once, giving back what it counted as unsent. */
	private synchronized boolean end() {
		if (this.done) {
			return false;
		}
		this.done = true;
		this.unsent.ended(this);
		this.body = null;
		if (this.handed) {
			this.unsent.release(this.sid, this.size);
		}
		return true;
	}

	private void complete() {
		try {
			this.async.complete();
		}
		catch (IllegalStateException ex) {
			// completed already, by an error of the request
		}
	}

	/**
	 * The write failed (the client went away, or did not read within the container's
	 * write timeout): the container follows with {@link #onError(AsyncEvent)}, which
	 * completes the request.
	 */
	@Override
	public void onError(Throwable failure) {
		end();
	}

	@Override
	public void onTimeout(AsyncEvent event) throws IOException {
		AsyncListener waiting = waitingLibrary();
		if (waiting != null) {
			// the library answers a poll that waited for its whole timeout
			waiting.onTimeout(event);
		}
		else {
			finish();
		}
	}

	@Override
	public void onError(AsyncEvent event) throws IOException {
		AsyncListener waiting = waitingLibrary();
		end();
		if (waiting != null) {
			// the library closes the client's session
			waiting.onError(event);
		}
		complete();
	}

	@Override
	public synchronized void onComplete(AsyncEvent event) {
		end();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private synchronized @Nullable AsyncListener waitingLibrary() {
		return (!this.handed && !this.done) ? this.library : null;
	}

}

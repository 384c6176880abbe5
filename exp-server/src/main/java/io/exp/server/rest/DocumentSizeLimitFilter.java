package io.exp.server.rest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.exp.server.ExpServerProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@code exp.server.max-document-size} with 413: at once
 * when the {@code Content-Length} says so, and while reading when the body is chunked.
 */
@Component
class DocumentSizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper jsonMapper;

	DocumentSizeLimitFilter(ExpServerProperties properties, JsonMapper jsonMapper) {
		this.limit = properties.getMaxDocumentSize();
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			this.jsonMapper.writeValue(response.getOutputStream(), new ErrorBody("request.tooLarge",
					"The document is larger than " + this.limit + " bytes", HttpStatus.CONTENT_TOO_LARGE.value()));
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limit), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream input = super.getInputStream();
			long limit = this.limit;
			return new ServletInputStream() {

				private long read;

				@Override
				public int read() throws IOException {
					int next = input.read();
					if (next >= 0) {
						count(1);
					}
					return next;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int count = input.read(buffer, offset, length);
					if (count > 0) {
						count(count);
					}
					return count;
				}

				private void count(int bytes) throws DocumentTooLargeException {
					this.read += bytes;
					if (this.read > limit) {
						throw new DocumentTooLargeException(limit);
					}
				}

				@Override
				public boolean isFinished() {
					return input.isFinished();
				}

				@Override
				public boolean isReady() {
					return input.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					input.setReadListener(listener);
				}

			};
		}

	}

}

package io.tilegate.system;

import java.util.Set;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

import org.springframework.stereotype.Component;

/**
 * Offers {@link PageTimes} to every template as {@code #times}, so no page picks its own
 * pattern or zone again.
 */
@Component
public class PageTimesDialect extends AbstractDialect implements IExpressionObjectDialect {

	private static final String NAME = "times";

	private static final PageTimes TIMES = new PageTimes();

	public PageTimesDialect() {
		super("Tilegate page times");
	}

	@Override
	public IExpressionObjectFactory getExpressionObjectFactory() {
		return new IExpressionObjectFactory() {

			@Override
			public Set<String> getAllExpressionObjectNames() {
				return Set.of(NAME);
			}

			@Override
			public Object buildObject(IExpressionContext context, String expressionObjectName) {
				return NAME.equals(expressionObjectName) ? TIMES : null;
			}

			@Override
			public boolean isCacheable(String expressionObjectName) {
				return true;
			}

		};
	}

}

package dev.tally.explorer;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The event explorer: a static page (resources/static/explorer) that only calls the public API
 * with the user's own login (a bearer token bought with the password), so it can see nothing the
 * API would not show that user.
 */
@Configuration
class ExplorerConfig implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/explorer").setViewName("forward:/explorer/index.html");
        registry.addViewController("/explorer/").setViewName("forward:/explorer/index.html");
    }
}

# `composure serve`: the live server (src/serve).
target_link_libraries(composure PRIVATE composure_serve)

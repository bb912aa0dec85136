// The nav row scrolls sideways where it does not fit (every phone): bring the
// current page's link into view, clear of the search field pinned at the end.
// A block, so these names stay out of the pages' shared global scope.
{
  const nav = document.querySelector(".site-nav");
  const here = nav && nav.querySelector("a[aria-current]");
  if (here && nav.scrollWidth > nav.clientWidth) {
    const search = nav.querySelector(".nav-search");
    let edge = nav.getBoundingClientRect().right;
    if (search) edge = Math.min(edge, search.getBoundingClientRect().left - 40);
    const overshoot = here.getBoundingClientRect().right - edge;
    if (overshoot > 0) nav.scrollLeft += overshoot;
  }
}

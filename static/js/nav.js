// The nav's links scroll sideways where they do not fit (every phone): bring
// the current page's link into view, clear of the fade at the row's end.
// A block, so these names stay out of the pages' shared global scope.
{
  const row = document.querySelector(".site-nav .nav-links");
  const here = row && row.querySelector("a[aria-current]");
  if (here && row.scrollWidth > row.clientWidth) {
    const edge = row.getBoundingClientRect().right - 40;
    const overshoot = here.getBoundingClientRect().right - edge;
    if (overshoot > 0) row.scrollLeft += overshoot;
  }
}

//! Offset/limit pagination: a uniform view of list answers and a helper that walks all pages.
//!
//! Clerk's list endpoints answer either `{ "data": [...], "total_count": n }` (organizations,
//! memberships, invitations, …) or a bare JSON array (users, sessions, clients, …). Both
//! implement [`Page`]; the generated models with `data` + `total_count` do so too.

use std::future::Future;

use super::error::BackendError;

/// One page of a list answer.
pub trait Page {
    /// The listed resource.
    type Item;
    /// The items of this page.
    fn data(&self) -> &[Self::Item];
    /// The items of this page, by value.
    fn into_data(self) -> Vec<Self::Item>;
    /// The total across all pages, when the API reports it.
    fn total_count(&self) -> Option<u64>;
}

impl<T> Page for Vec<T> {
    type Item = T;
    fn data(&self) -> &[T] {
        self
    }
    fn into_data(self) -> Vec<T> {
        self
    }
    fn total_count(&self) -> Option<u64> {
        None
    }
}

/// A list answer in Clerk's `{ data, total_count }` shape, for callers that want one type.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Paginated<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The total across all pages.
    pub total_count: i64,
}

impl<T> Page for Paginated<T> {
    type Item = T;
    fn data(&self) -> &[T] {
        &self.data
    }
    fn into_data(self) -> Vec<T> {
        self.data
    }
    fn total_count(&self) -> Option<u64> {
        u64::try_from(self.total_count).ok()
    }
}

/// Largest `limit` Clerk accepts on most list endpoints.
pub const MAX_PAGE_SIZE: i64 = 500;

/// Fetches every page: calls `fetch(offset, limit)` until a short or empty page, the reported
/// `total_count`, or `max_items`, and returns the items in order.
///
/// ```ignore
/// let all = collect_all(100, None, |offset, limit| {
///     let params = GetUserListParams { offset: Some(offset), limit: Some(limit), ..Default::default() };
///     async move { client.users().list(&params).await }
/// }).await?;
/// ```
pub async fn collect_all<P, F, Fut>(
    page_size: i64,
    max_items: Option<usize>,
    mut fetch: F,
) -> Result<Vec<P::Item>, BackendError>
where
    P: Page,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, BackendError>>,
{
    let limit = page_size.clamp(1, MAX_PAGE_SIZE);
    let cap = max_items.unwrap_or(usize::MAX);
    let mut items = Vec::new();
    loop {
        let page = fetch(items.len() as i64, limit).await?;
        let total = page.total_count();
        let got = page.data().len();
        items.extend(page.into_data());
        let done_by_total = total.is_some_and(|t| items.len() as u64 >= t);
        if got == 0 || (got as i64) < limit || done_by_total || items.len() >= cap {
            items.truncate(cap);
            return Ok(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Poll, Waker};

    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[test]
    fn walks_pages() {
        let all: Vec<i64> = (0..23).collect();
        let mut calls = 0;
        let got = block_on(collect_all(10, None, |offset, limit| {
            calls += 1;
            let page: Vec<i64> = all
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .copied()
                .collect();
            async move { Ok::<_, BackendError>(page) }
        }))
        .unwrap();
        assert_eq!(got, all);
        assert_eq!(calls, 3);
        let capped = block_on(collect_all(10, Some(12), |offset, _| async move {
            Ok::<_, BackendError>(Paginated {
                data: vec![offset; 10],
                total_count: 100,
            })
        }))
        .unwrap();
        assert_eq!(capped.len(), 12);
    }
}

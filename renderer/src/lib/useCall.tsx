// Loading one answer of the backend for a page: the call made again when its input changes,
// the refusal's message (or the network error) kept, and what to show while not loaded.
import { App, Result, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Method, MethodInput, MethodOutput } from '../../../shared/api/index.ts';
import { ApiCallError, call } from './api.ts';
import { showApiError } from './forms.ts';

export interface Loaded<M extends Method> {
  data: MethodOutput<M> | null;
  error: string | null;
  /** a newer answer (after a step), shown without reloading */
  setData(data: MethodOutput<M>): void;
  reload(): Promise<void>;
}

export function useCall<M extends Method>(method: M, input: MethodInput<M>): Loaded<M> {
  const { t } = useTranslation();
  const [data, setData] = useState<MethodOutput<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(input);
  // Only the answer to the latest request is shown: a slower, older one is dropped.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const answer = await call(method, JSON.parse(key) as MethodInput<M>);
      if (mine !== latest.current) return;
      setData(answer);
      setError(null);
    } catch (err) {
      if (mine !== latest.current) return;
      setError(err instanceof ApiCallError ? err.message : t('ui.common.networkError'));
    }
  }, [method, key, t]);
  useEffect(() => {
    // Another record: nothing of the one before stays on screen.
    setData(null);
    setError(null);
    void reload();
  }, [reload]);
  return { data, error, setData, reload };
}

/** The refusal or a spinner while the answer is not there; null once it is. */
export function notLoaded(r: { data: unknown; error: string | null }): ReactElement | null {
  if (r.error) return <Result status="warning" title={r.error} />;
  if (r.data === null) return <Spin />;
  return null;
}

/**
 * A page of a list, loaded again when its query changes; a failure is a message and the
 * last page shown stays (nothing a person sees disappears on a network hiccup).
 */
export function useList<M extends Method, Item>(method: M, query: MethodInput<M>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [data, setData] = useState<{ items: Item[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(query);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    try {
      const answer = (await call(method, JSON.parse(key) as MethodInput<M>)) as unknown as { items: Item[]; total: number };
      if (mine === latest.current) setData(answer);
    } catch (err) {
      if (mine === latest.current) void message.error(showApiError(null, err, t));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, [method, key, message, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, setData, loading, reload };
}

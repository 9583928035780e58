// What every page needs: the language and its translator, and who is signed in.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const AppContext = createContext(null);
export const useApp = () => useContext(AppContext);

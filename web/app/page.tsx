import { MainScreen } from '@/components/MainScreen';

export default function HomePage() {
  return <MainScreen />;
}
